# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'treatment_page.ui'
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
from PySide6.QtWidgets import (QApplication, QDoubleSpinBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSizePolicy, QVBoxLayout, QWidget)

class Ui_TreatmentPage(object):
    def setupUi(self, TreatmentPage):
        if not TreatmentPage.objectName():
            TreatmentPage.setObjectName(u"TreatmentPage")
        TreatmentPage.resize(760, 520)
        self.treatmentLayout = QVBoxLayout(TreatmentPage)
        self.treatmentLayout.setObjectName(u"treatmentLayout")
        self.deviceGroup = QGroupBox(TreatmentPage)
        self.deviceGroup.setObjectName(u"deviceGroup")
        self.deviceForm = QFormLayout(self.deviceGroup)
        self.deviceForm.setObjectName(u"deviceForm")
        self.deviceForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.deviceEditLabel = QLabel(self.deviceGroup)
        self.deviceEditLabel.setObjectName(u"deviceEditLabel")

        self.deviceForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.deviceEditLabel)

        self.deviceEdit = QLineEdit(self.deviceGroup)
        self.deviceEdit.setObjectName(u"deviceEdit")
        self.deviceEdit.setMinimumSize(QSize(260, 0))

        self.deviceForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.deviceEdit)

        self.minDepthLabel = QLabel(self.deviceGroup)
        self.minDepthLabel.setObjectName(u"minDepthLabel")

        self.deviceForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.minDepthLabel)

        self.minDepth = QDoubleSpinBox(self.deviceGroup)
        self.minDepth.setObjectName(u"minDepth")
        self.minDepth.setDecimals(2)
        self.minDepth.setMinimum(0.050000000000000)
        self.minDepth.setMaximum(5.000000000000000)
        self.minDepth.setSingleStep(0.050000000000000)

        self.deviceForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.minDepth)

        self.maxDepthLabel = QLabel(self.deviceGroup)
        self.maxDepthLabel.setObjectName(u"maxDepthLabel")

        self.deviceForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.maxDepthLabel)

        self.maxDepth = QDoubleSpinBox(self.deviceGroup)
        self.maxDepth.setObjectName(u"maxDepth")
        self.maxDepth.setDecimals(2)
        self.maxDepth.setMinimum(0.050000000000000)
        self.maxDepth.setMaximum(5.000000000000000)
        self.maxDepth.setSingleStep(0.050000000000000)

        self.deviceForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.maxDepth)


        self.treatmentLayout.addWidget(self.deviceGroup)

        self.aftercareGroup = QGroupBox(TreatmentPage)
        self.aftercareGroup.setObjectName(u"aftercareGroup")
        self.aftercareLayout = QVBoxLayout(self.aftercareGroup)
        self.aftercareLayout.setObjectName(u"aftercareLayout")
        self.aftercareText = QPlainTextEdit(self.aftercareGroup)
        self.aftercareText.setObjectName(u"aftercareText")

        self.aftercareLayout.addWidget(self.aftercareText)

        self.aftercareBottomRow = QHBoxLayout()
        self.aftercareBottomRow.setObjectName(u"aftercareBottomRow")
        self.aftercareHelp = QLabel(self.aftercareGroup)
        self.aftercareHelp.setObjectName(u"aftercareHelp")
        self.aftercareHelp.setWordWrap(True)
        self.aftercareHelp.setEnabled(False)

        self.aftercareBottomRow.addWidget(self.aftercareHelp)

        self.defaultAftercareButton = QPushButton(self.aftercareGroup)
        self.defaultAftercareButton.setObjectName(u"defaultAftercareButton")
        self.defaultAftercareButton.setAutoDefault(False)

        self.aftercareBottomRow.addWidget(self.defaultAftercareButton, 0, Qt.AlignmentFlag.AlignTop)

        self.aftercareBottomRow.setStretch(0, 1)

        self.aftercareLayout.addLayout(self.aftercareBottomRow)

        self.aftercareLayout.setStretch(0, 1)

        self.treatmentLayout.addWidget(self.aftercareGroup)

        self.treatmentLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.deviceEditLabel.setBuddy(self.deviceEdit)
        self.minDepthLabel.setBuddy(self.minDepth)
        self.maxDepthLabel.setBuddy(self.maxDepth)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(TreatmentPage)

        QMetaObject.connectSlotsByName(TreatmentPage)
    # setupUi

    def retranslateUi(self, TreatmentPage):
        TreatmentPage.setWindowTitle(QCoreApplication.translate("TreatmentPage", u"Device and aftercare", None))
        self.deviceGroup.setTitle(QCoreApplication.translate("TreatmentPage", u"The device", None))
        self.deviceEditLabel.setText(QCoreApplication.translate("TreatmentPage", u"Device (filled into new sessions)", None))
        self.deviceEdit.setPlaceholderText(QCoreApplication.translate("TreatmentPage", u"e.g. the pen's make and model", None))
        self.minDepthLabel.setText(QCoreApplication.translate("TreatmentPage", u"Shallowest needle depth", None))
        self.minDepth.setSuffix(QCoreApplication.translate("TreatmentPage", u" mm", None))
        self.maxDepthLabel.setText(QCoreApplication.translate("TreatmentPage", u"Deepest needle depth", None))
        self.maxDepth.setSuffix(QCoreApplication.translate("TreatmentPage", u" mm", None))
        self.aftercareGroup.setTitle(QCoreApplication.translate("TreatmentPage", u"The aftercare sheet's advice", None))
        self.aftercareHelp.setText(QCoreApplication.translate("TreatmentPage", u"The first line is the sheet's title. Placeholders: {practice_name}, {practice_phone}, {actives_days} (how long to hold off retinol and AHA, set per session). The sheet adds the client, the day, the areas treated and the next appointment itself.", None))
        self.defaultAftercareButton.setText(QCoreApplication.translate("TreatmentPage", u"Use DermaDesk's &text", None))
    # retranslateUi

