# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'practice_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_PracticePage(object):
    def setupUi(self, PracticePage):
        if not PracticePage.objectName():
            PracticePage.setObjectName(u"PracticePage")
        PracticePage.resize(760, 520)
        self.practiceLayout = QVBoxLayout(PracticePage)
        self.practiceLayout.setObjectName(u"practiceLayout")
        self.practiceForm = QFormLayout()
        self.practiceForm.setObjectName(u"practiceForm")
        self.nameEditLabel = QLabel(PracticePage)
        self.nameEditLabel.setObjectName(u"nameEditLabel")

        self.practiceForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameEditLabel)

        self.nameEdit = QLineEdit(PracticePage)
        self.nameEdit.setObjectName(u"nameEdit")

        self.practiceForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.addressEditLabel = QLabel(PracticePage)
        self.addressEditLabel.setObjectName(u"addressEditLabel")

        self.practiceForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.addressEditLabel)

        self.addressEdit = QPlainTextEdit(PracticePage)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setMinimumSize(QSize(0, 64))
        self.addressEdit.setMaximumSize(QSize(16777215, 64))
        self.addressEdit.setTabChangesFocus(True)

        self.practiceForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.addressEdit)

        self.phoneEditLabel = QLabel(PracticePage)
        self.phoneEditLabel.setObjectName(u"phoneEditLabel")

        self.practiceForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.phoneEditLabel)

        self.phoneEdit = QLineEdit(PracticePage)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.practiceForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.practitionerEditLabel = QLabel(PracticePage)
        self.practitionerEditLabel.setObjectName(u"practitionerEditLabel")

        self.practiceForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.practitionerEditLabel)

        self.practitionerEdit = QLineEdit(PracticePage)
        self.practitionerEdit.setObjectName(u"practitionerEdit")

        self.practiceForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.practitionerEdit)

        self.credentialsEditLabel = QLabel(PracticePage)
        self.credentialsEditLabel.setObjectName(u"credentialsEditLabel")

        self.practiceForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.credentialsEditLabel)

        self.credentialsEdit = QLineEdit(PracticePage)
        self.credentialsEdit.setObjectName(u"credentialsEdit")

        self.practiceForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.credentialsEdit)

        self.practiceNote = QLabel(PracticePage)
        self.practiceNote.setObjectName(u"practiceNote")
        self.practiceNote.setWordWrap(True)
        self.practiceNote.setEnabled(False)

        self.practiceForm.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.practiceNote)


        self.practiceLayout.addLayout(self.practiceForm)

        self.practiceSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.practiceLayout.addItem(self.practiceSpacer)

        self.practiceLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.nameEditLabel.setBuddy(self.nameEdit)
        self.addressEditLabel.setBuddy(self.addressEdit)
        self.phoneEditLabel.setBuddy(self.phoneEdit)
        self.practitionerEditLabel.setBuddy(self.practitionerEdit)
        self.credentialsEditLabel.setBuddy(self.credentialsEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PracticePage)

        QMetaObject.connectSlotsByName(PracticePage)
    # setupUi

    def retranslateUi(self, PracticePage):
        PracticePage.setWindowTitle(QCoreApplication.translate("PracticePage", u"Practice", None))
        self.nameEditLabel.setText(QCoreApplication.translate("PracticePage", u"Practice name", None))
        self.addressEditLabel.setText(QCoreApplication.translate("PracticePage", u"Address", None))
        self.phoneEditLabel.setText(QCoreApplication.translate("PracticePage", u"Phone", None))
        self.practitionerEditLabel.setText(QCoreApplication.translate("PracticePage", u"Practitioner", None))
        self.credentialsEditLabel.setText(QCoreApplication.translate("PracticePage", u"Credentials", None))
        self.practiceNote.setText(QCoreApplication.translate("PracticePage", u"Printed at the top of every sheet and filled into the consent forms.", None))
    # retranslateUi

