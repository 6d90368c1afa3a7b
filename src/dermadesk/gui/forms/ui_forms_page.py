# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'forms_page.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_FormsPage(object):
    def setupUi(self, FormsPage):
        if not FormsPage.objectName():
            FormsPage.setObjectName(u"FormsPage")
        FormsPage.resize(760, 520)
        self.formsLayout = QVBoxLayout(FormsPage)
        self.formsLayout.setObjectName(u"formsLayout")
        self.formsTopRow = QHBoxLayout()
        self.formsTopRow.setObjectName(u"formsTopRow")
        self.kindCombo = QComboBox(FormsPage)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formsTopRow.addWidget(self.kindCombo)

        self.versionLabel = QLabel(FormsPage)
        self.versionLabel.setObjectName(u"versionLabel")

        self.formsTopRow.addWidget(self.versionLabel)

        self.newVersionButton = QPushButton(FormsPage)
        self.newVersionButton.setObjectName(u"newVersionButton")
        self.newVersionButton.setAutoDefault(False)

        self.formsTopRow.addWidget(self.newVersionButton)

        self.formsTopRow.setStretch(1, 1)

        self.formsLayout.addLayout(self.formsTopRow)

        self.titleEdit = QLineEdit(FormsPage)
        self.titleEdit.setObjectName(u"titleEdit")

        self.formsLayout.addWidget(self.titleEdit)

        self.templateBody = QPlainTextEdit(FormsPage)
        self.templateBody.setObjectName(u"templateBody")

        self.formsLayout.addWidget(self.templateBody)

        self.formsHelp = QLabel(FormsPage)
        self.formsHelp.setObjectName(u"formsHelp")
        self.formsHelp.setWordWrap(True)
        self.formsHelp.setEnabled(False)

        self.formsLayout.addWidget(self.formsHelp)

        self.formsLayout.setStretch(2, 1)

        self.retranslateUi(FormsPage)

        QMetaObject.connectSlotsByName(FormsPage)
    # setupUi

    def retranslateUi(self, FormsPage):
        FormsPage.setWindowTitle(QCoreApplication.translate("FormsPage", u"Consent forms", None))
#if QT_CONFIG(tooltip)
        self.kindCombo.setToolTip(QCoreApplication.translate("FormsPage", u"The consent form to edit", None))
#endif // QT_CONFIG(tooltip)
        self.newVersionButton.setText(QCoreApplication.translate("FormsPage", u"Save as a new &version", None))
#if QT_CONFIG(tooltip)
        self.titleEdit.setToolTip(QCoreApplication.translate("FormsPage", u"The form's title, printed at its top", None))
#endif // QT_CONFIG(tooltip)
        self.formsHelp.setText(QCoreApplication.translate("FormsPage", u"Placeholders: {practice_name}, {practice_phone}, {practitioner_name}, {client_name}, {date_of_birth}. A line on its own before a paragraph becomes its heading. Records already signed keep the version they were signed under.", None))
    # retranslateUi

