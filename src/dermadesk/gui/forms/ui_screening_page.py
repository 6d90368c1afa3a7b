# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'screening_page.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QSpinBox,
    QVBoxLayout, QWidget)

class Ui_ScreeningPage(object):
    def setupUi(self, ScreeningPage):
        if not ScreeningPage.objectName():
            ScreeningPage.setObjectName(u"ScreeningPage")
        ScreeningPage.resize(760, 520)
        self.screeningLayout = QHBoxLayout(ScreeningPage)
        self.screeningLayout.setObjectName(u"screeningLayout")
        self.findingsGroup = QGroupBox(ScreeningPage)
        self.findingsGroup.setObjectName(u"findingsGroup")
        self.findingsLayout = QVBoxLayout(self.findingsGroup)
        self.findingsLayout.setObjectName(u"findingsLayout")
        self.findingsScroll = QScrollArea(self.findingsGroup)
        self.findingsScroll.setObjectName(u"findingsScroll")
        self.findingsScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.findingsScroll.setWidgetResizable(True)
        self.findingsRows = QWidget()
        self.findingsRows.setObjectName(u"findingsRows")
        self.findingsGrid = QGridLayout(self.findingsRows)
        self.findingsGrid.setObjectName(u"findingsGrid")
        self.findingHeader = QLabel(self.findingsRows)
        self.findingHeader.setObjectName(u"findingHeader")

        self.findingsGrid.addWidget(self.findingHeader, 0, 0, 1, 1)

        self.blocksHeader = QLabel(self.findingsRows)
        self.blocksHeader.setObjectName(u"blocksHeader")

        self.findingsGrid.addWidget(self.blocksHeader, 0, 1, 1, 1)

        self.findingsScroll.setWidget(self.findingsRows)

        self.findingsLayout.addWidget(self.findingsScroll)


        self.screeningLayout.addWidget(self.findingsGroup)

        self.rightColumn = QVBoxLayout()
        self.rightColumn.setObjectName(u"rightColumn")
        self.intervalsGroup = QGroupBox(ScreeningPage)
        self.intervalsGroup.setObjectName(u"intervalsGroup")
        self.intervalsForm = QFormLayout(self.intervalsGroup)
        self.intervalsForm.setObjectName(u"intervalsForm")
        self.intervalsForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.toxinDaysLabel = QLabel(self.intervalsGroup)
        self.toxinDaysLabel.setObjectName(u"toxinDaysLabel")

        self.intervalsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.toxinDaysLabel)

        self.toxinDays = QSpinBox(self.intervalsGroup)
        self.toxinDays.setObjectName(u"toxinDays")
        self.toxinDays.setMinimum(0)
        self.toxinDays.setMaximum(365)

        self.intervalsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.toxinDays)

        self.retinoidDaysLabel = QLabel(self.intervalsGroup)
        self.retinoidDaysLabel.setObjectName(u"retinoidDaysLabel")

        self.intervalsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.retinoidDaysLabel)

        self.retinoidDays = QSpinBox(self.intervalsGroup)
        self.retinoidDays.setObjectName(u"retinoidDays")
        self.retinoidDays.setMinimum(0)
        self.retinoidDays.setMaximum(365)

        self.intervalsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.retinoidDays)

        self.isotretinoinDaysLabel = QLabel(self.intervalsGroup)
        self.isotretinoinDaysLabel.setObjectName(u"isotretinoinDaysLabel")

        self.intervalsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.isotretinoinDaysLabel)

        self.isotretinoinDays = QSpinBox(self.intervalsGroup)
        self.isotretinoinDays.setObjectName(u"isotretinoinDays")
        self.isotretinoinDays.setMinimum(0)
        self.isotretinoinDays.setMaximum(730)

        self.intervalsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.isotretinoinDays)

        self.minimumGapDaysLabel = QLabel(self.intervalsGroup)
        self.minimumGapDaysLabel.setObjectName(u"minimumGapDaysLabel")

        self.intervalsForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.minimumGapDaysLabel)

        self.minimumGapDays = QSpinBox(self.intervalsGroup)
        self.minimumGapDays.setObjectName(u"minimumGapDays")
        self.minimumGapDays.setMinimum(0)
        self.minimumGapDays.setMaximum(365)

        self.intervalsForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.minimumGapDays)

        self.minimumAgeLabel = QLabel(self.intervalsGroup)
        self.minimumAgeLabel.setObjectName(u"minimumAgeLabel")

        self.intervalsForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.minimumAgeLabel)

        self.minimumAge = QSpinBox(self.intervalsGroup)
        self.minimumAge.setObjectName(u"minimumAge")
        self.minimumAge.setMinimum(0)
        self.minimumAge.setMaximum(100)

        self.intervalsForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.minimumAge)

        self.answersValidDaysLabel = QLabel(self.intervalsGroup)
        self.answersValidDaysLabel.setObjectName(u"answersValidDaysLabel")

        self.intervalsForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.answersValidDaysLabel)

        self.answersValidDays = QSpinBox(self.intervalsGroup)
        self.answersValidDays.setObjectName(u"answersValidDays")
        self.answersValidDays.setMinimum(1)
        self.answersValidDays.setMaximum(3650)

        self.intervalsForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.answersValidDays)

        self.renewalDaysLabel = QLabel(self.intervalsGroup)
        self.renewalDaysLabel.setObjectName(u"renewalDaysLabel")

        self.intervalsForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.renewalDaysLabel)

        self.renewalDays = QSpinBox(self.intervalsGroup)
        self.renewalDays.setObjectName(u"renewalDays")
        self.renewalDays.setMinimum(1)
        self.renewalDays.setMaximum(3650)

        self.intervalsForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.renewalDays)


        self.rightColumn.addWidget(self.intervalsGroup)

        self.medicinesGroup = QGroupBox(ScreeningPage)
        self.medicinesGroup.setObjectName(u"medicinesGroup")
        self.medicinesForm = QFormLayout(self.medicinesGroup)
        self.medicinesForm.setObjectName(u"medicinesForm")

        self.rightColumn.addWidget(self.medicinesGroup)

        self.ownQuestionsRow = QHBoxLayout()
        self.ownQuestionsRow.setObjectName(u"ownQuestionsRow")
        self.ownQuestionsButton = QPushButton(ScreeningPage)
        self.ownQuestionsButton.setObjectName(u"ownQuestionsButton")
        self.ownQuestionsButton.setAutoDefault(False)

        self.ownQuestionsRow.addWidget(self.ownQuestionsButton)

        self.ownQuestionsLine = QLabel(ScreeningPage)
        self.ownQuestionsLine.setObjectName(u"ownQuestionsLine")
        self.ownQuestionsLine.setWordWrap(True)

        self.ownQuestionsRow.addWidget(self.ownQuestionsLine)

        self.ownQuestionsRow.setStretch(1, 1)

        self.rightColumn.addLayout(self.ownQuestionsRow)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rightColumn.addItem(self.rightSpacer)

        self.rightColumn.setStretch(3, 1)

        self.screeningLayout.addLayout(self.rightColumn)

        self.screeningLayout.setStretch(0, 1)
        self.screeningLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.toxinDaysLabel.setBuddy(self.toxinDays)
        self.retinoidDaysLabel.setBuddy(self.retinoidDays)
        self.isotretinoinDaysLabel.setBuddy(self.isotretinoinDays)
        self.minimumGapDaysLabel.setBuddy(self.minimumGapDays)
        self.minimumAgeLabel.setBuddy(self.minimumAge)
        self.answersValidDaysLabel.setBuddy(self.answersValidDays)
        self.renewalDaysLabel.setBuddy(self.renewalDays)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ScreeningPage)

        QMetaObject.connectSlotsByName(ScreeningPage)
    # setupUi

    def retranslateUi(self, ScreeningPage):
        ScreeningPage.setWindowTitle(QCoreApplication.translate("ScreeningPage", u"Screening rules", None))
        self.findingsGroup.setTitle(QCoreApplication.translate("ScreeningPage", u"What each finding does (unticked: it asks for your judgement)", None))
        self.findingHeader.setText(QCoreApplication.translate("ScreeningPage", u"<b>Finding</b>", None))
        self.blocksHeader.setText(QCoreApplication.translate("ScreeningPage", u"<b>Stops treatment</b>", None))
        self.intervalsGroup.setTitle(QCoreApplication.translate("ScreeningPage", u"Intervals", None))
        self.toxinDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"Wait after botulinum toxin in the area", None))
        self.toxinDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.retinoidDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"Wait after a retinoid", None))
        self.retinoidDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.isotretinoinDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"Wait after oral isotretinoin", None))
        self.isotretinoinDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.minimumGapDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"Sessions apart, when no plan says", None))
        self.minimumGapDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.minimumAgeLabel.setText(QCoreApplication.translate("ScreeningPage", u"Minimum age on the treatment day", None))
        self.minimumAge.setSuffix(QCoreApplication.translate("ScreeningPage", u" years", None))
        self.answersValidDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"Screening answers hold for", None))
        self.answersValidDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.renewalDaysLabel.setText(QCoreApplication.translate("ScreeningPage", u"A treatment consent holds for", None))
        self.renewalDays.setSuffix(QCoreApplication.translate("ScreeningPage", u" days", None))
        self.medicinesGroup.setTitle(QCoreApplication.translate("ScreeningPage", u"Medicines of note (names, separated by commas)", None))
        self.ownQuestionsButton.setText(QCoreApplication.translate("ScreeningPage", u"Your &own questions\u2026", None))
    # retranslateUi

