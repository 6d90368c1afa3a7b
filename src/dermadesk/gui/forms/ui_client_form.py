# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'client_form.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_ClientForm(object):
    def setupUi(self, ClientForm):
        if not ClientForm.objectName():
            ClientForm.setObjectName(u"ClientForm")
        ClientForm.resize(900, 640)
        self.outerLayout = QVBoxLayout(ClientForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(0, 0, 0, 0)
        self.scrollArea = QScrollArea(ClientForm)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setWidgetResizable(True)
        self.formContents = QWidget()
        self.formContents.setObjectName(u"formContents")
        self.contentsLayout = QVBoxLayout(self.formContents)
        self.contentsLayout.setSpacing(12)
        self.contentsLayout.setObjectName(u"contentsLayout")
        self.columnsLayout = QHBoxLayout()
        self.columnsLayout.setSpacing(16)
        self.columnsLayout.setObjectName(u"columnsLayout")
        self.leftColumn = QVBoxLayout()
        self.leftColumn.setObjectName(u"leftColumn")
        self.identityGroup = QGroupBox(self.formContents)
        self.identityGroup.setObjectName(u"identityGroup")
        self.identityGroupLayout = QFormLayout(self.identityGroup)
        self.identityGroupLayout.setObjectName(u"identityGroupLayout")
        self.identityGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.identityGroupLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.firstNameEditLabel = QLabel(self.identityGroup)
        self.firstNameEditLabel.setObjectName(u"firstNameEditLabel")

        self.identityGroupLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.firstNameEditLabel)

        self.firstNameEdit = QLineEdit(self.identityGroup)
        self.firstNameEdit.setObjectName(u"firstNameEdit")

        self.identityGroupLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.firstNameEdit)

        self.lastNameEditLabel = QLabel(self.identityGroup)
        self.lastNameEditLabel.setObjectName(u"lastNameEditLabel")

        self.identityGroupLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.lastNameEditLabel)

        self.lastNameEdit = QLineEdit(self.identityGroup)
        self.lastNameEdit.setObjectName(u"lastNameEdit")

        self.identityGroupLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.lastNameEdit)

        self.dateOfBirthEditLabel = QLabel(self.identityGroup)
        self.dateOfBirthEditLabel.setObjectName(u"dateOfBirthEditLabel")

        self.identityGroupLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.dateOfBirthEditLabel)

        self.dateOfBirthEdit = QLineEdit(self.identityGroup)
        self.dateOfBirthEdit.setObjectName(u"dateOfBirthEdit")

        self.identityGroupLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.dateOfBirthEdit)

        self.skinTypeComboLabel = QLabel(self.identityGroup)
        self.skinTypeComboLabel.setObjectName(u"skinTypeComboLabel")

        self.identityGroupLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.skinTypeComboLabel)

        self.skinTypeCombo = QComboBox(self.identityGroup)
        self.skinTypeCombo.setObjectName(u"skinTypeCombo")

        self.identityGroupLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.skinTypeCombo)


        self.leftColumn.addWidget(self.identityGroup)

        self.contactGroup = QGroupBox(self.formContents)
        self.contactGroup.setObjectName(u"contactGroup")
        self.contactGroupLayout = QFormLayout(self.contactGroup)
        self.contactGroupLayout.setObjectName(u"contactGroupLayout")
        self.contactGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.contactGroupLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.phoneEditLabel = QLabel(self.contactGroup)
        self.phoneEditLabel.setObjectName(u"phoneEditLabel")

        self.contactGroupLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.phoneEditLabel)

        self.phoneEdit = QLineEdit(self.contactGroup)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.contactGroupLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.phoneEdit)

        self.emailEditLabel = QLabel(self.contactGroup)
        self.emailEditLabel.setObjectName(u"emailEditLabel")

        self.contactGroupLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.emailEditLabel)

        self.emailEdit = QLineEdit(self.contactGroup)
        self.emailEdit.setObjectName(u"emailEdit")

        self.contactGroupLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.addressEditLabel = QLabel(self.contactGroup)
        self.addressEditLabel.setObjectName(u"addressEditLabel")

        self.contactGroupLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.addressEditLabel)

        self.addressEdit = QPlainTextEdit(self.contactGroup)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setTabChangesFocus(True)
        self.addressEdit.setMinimumSize(QSize(0, 52))
        self.addressEdit.setMaximumSize(QSize(16777215, 72))

        self.contactGroupLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.addressEdit)


        self.leftColumn.addWidget(self.contactGroup)

        self.leftSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.leftColumn.addItem(self.leftSpacer)


        self.columnsLayout.addLayout(self.leftColumn)

        self.rightColumn = QVBoxLayout()
        self.rightColumn.setObjectName(u"rightColumn")
        self.healthGroup = QGroupBox(self.formContents)
        self.healthGroup.setObjectName(u"healthGroup")
        self.healthGroupLayout = QFormLayout(self.healthGroup)
        self.healthGroupLayout.setObjectName(u"healthGroupLayout")
        self.healthGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.healthGroupLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.concernsEditLabel = QLabel(self.healthGroup)
        self.concernsEditLabel.setObjectName(u"concernsEditLabel")

        self.healthGroupLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.concernsEditLabel)

        self.concernsEdit = QLineEdit(self.healthGroup)
        self.concernsEdit.setObjectName(u"concernsEdit")

        self.healthGroupLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.concernsEdit)

        self.medicalHistoryEditLabel = QLabel(self.healthGroup)
        self.medicalHistoryEditLabel.setObjectName(u"medicalHistoryEditLabel")

        self.healthGroupLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.medicalHistoryEditLabel)

        self.medicalHistoryEdit = QPlainTextEdit(self.healthGroup)
        self.medicalHistoryEdit.setObjectName(u"medicalHistoryEdit")
        self.medicalHistoryEdit.setTabChangesFocus(True)
        self.medicalHistoryEdit.setMinimumSize(QSize(0, 44))
        self.medicalHistoryEdit.setMaximumSize(QSize(16777215, 88))

        self.healthGroupLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.medicalHistoryEdit)

        self.medicationsEditLabel = QLabel(self.healthGroup)
        self.medicationsEditLabel.setObjectName(u"medicationsEditLabel")

        self.healthGroupLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.medicationsEditLabel)

        self.medicationsEdit = QPlainTextEdit(self.healthGroup)
        self.medicationsEdit.setObjectName(u"medicationsEdit")
        self.medicationsEdit.setTabChangesFocus(True)
        self.medicationsEdit.setMinimumSize(QSize(0, 44))
        self.medicationsEdit.setMaximumSize(QSize(16777215, 88))

        self.healthGroupLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.medicationsEdit)

        self.allergiesEditLabel = QLabel(self.healthGroup)
        self.allergiesEditLabel.setObjectName(u"allergiesEditLabel")

        self.healthGroupLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.allergiesEditLabel)

        self.allergiesEdit = QPlainTextEdit(self.healthGroup)
        self.allergiesEdit.setObjectName(u"allergiesEdit")
        self.allergiesEdit.setTabChangesFocus(True)
        self.allergiesEdit.setMinimumSize(QSize(0, 44))
        self.allergiesEdit.setMaximumSize(QSize(16777215, 88))

        self.healthGroupLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.allergiesEdit)


        self.rightColumn.addWidget(self.healthGroup)

        self.emergencyGroup = QGroupBox(self.formContents)
        self.emergencyGroup.setObjectName(u"emergencyGroup")
        self.emergencyGroupLayout = QFormLayout(self.emergencyGroup)
        self.emergencyGroupLayout.setObjectName(u"emergencyGroupLayout")
        self.emergencyGroupLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.emergencyGroupLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.emergencyNameEditLabel = QLabel(self.emergencyGroup)
        self.emergencyNameEditLabel.setObjectName(u"emergencyNameEditLabel")

        self.emergencyGroupLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.emergencyNameEditLabel)

        self.emergencyNameEdit = QLineEdit(self.emergencyGroup)
        self.emergencyNameEdit.setObjectName(u"emergencyNameEdit")

        self.emergencyGroupLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.emergencyNameEdit)

        self.emergencyPhoneEditLabel = QLabel(self.emergencyGroup)
        self.emergencyPhoneEditLabel.setObjectName(u"emergencyPhoneEditLabel")

        self.emergencyGroupLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.emergencyPhoneEditLabel)

        self.emergencyPhoneEdit = QLineEdit(self.emergencyGroup)
        self.emergencyPhoneEdit.setObjectName(u"emergencyPhoneEdit")

        self.emergencyGroupLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.emergencyPhoneEdit)


        self.rightColumn.addWidget(self.emergencyGroup)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rightColumn.addItem(self.rightSpacer)


        self.columnsLayout.addLayout(self.rightColumn)

        self.columnsLayout.setStretch(0, 1)
        self.columnsLayout.setStretch(1, 1)

        self.contentsLayout.addLayout(self.columnsLayout)

        self.screeningGroup = QGroupBox(self.formContents)
        self.screeningGroup.setObjectName(u"screeningGroup")
        self.screeningLayout = QVBoxLayout(self.screeningGroup)
        self.screeningLayout.setObjectName(u"screeningLayout")
        self.screeningDateLabel = QLabel(self.screeningGroup)
        self.screeningDateLabel.setObjectName(u"screeningDateLabel")

        self.screeningLayout.addWidget(self.screeningDateLabel)


        self.contentsLayout.addWidget(self.screeningGroup)

        self.scrollArea.setWidget(self.formContents)

        self.outerLayout.addWidget(self.scrollArea)

        self.problemsLabel = QLabel(ClientForm)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setVisible(False)
        self.problemsLabel.setWordWrap(True)
        self.problemsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outerLayout.addWidget(self.problemsLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.savedLabel = QLabel(ClientForm)
        self.savedLabel.setObjectName(u"savedLabel")

        self.buttonsLayout.addWidget(self.savedLabel)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.discardButton = QPushButton(ClientForm)
        self.discardButton.setObjectName(u"discardButton")

        self.buttonsLayout.addWidget(self.discardButton)

        self.saveButton = QPushButton(ClientForm)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonsLayout.addWidget(self.saveButton)


        self.outerLayout.addLayout(self.buttonsLayout)

#if QT_CONFIG(shortcut)
        self.firstNameEditLabel.setBuddy(self.firstNameEdit)
        self.lastNameEditLabel.setBuddy(self.lastNameEdit)
        self.dateOfBirthEditLabel.setBuddy(self.dateOfBirthEdit)
        self.skinTypeComboLabel.setBuddy(self.skinTypeCombo)
        self.phoneEditLabel.setBuddy(self.phoneEdit)
        self.emailEditLabel.setBuddy(self.emailEdit)
        self.addressEditLabel.setBuddy(self.addressEdit)
        self.concernsEditLabel.setBuddy(self.concernsEdit)
        self.medicalHistoryEditLabel.setBuddy(self.medicalHistoryEdit)
        self.medicationsEditLabel.setBuddy(self.medicationsEdit)
        self.allergiesEditLabel.setBuddy(self.allergiesEdit)
        self.emergencyNameEditLabel.setBuddy(self.emergencyNameEdit)
        self.emergencyPhoneEditLabel.setBuddy(self.emergencyPhoneEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.firstNameEdit, self.lastNameEdit)
        QWidget.setTabOrder(self.lastNameEdit, self.dateOfBirthEdit)
        QWidget.setTabOrder(self.dateOfBirthEdit, self.skinTypeCombo)
        QWidget.setTabOrder(self.skinTypeCombo, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.addressEdit)
        QWidget.setTabOrder(self.addressEdit, self.concernsEdit)
        QWidget.setTabOrder(self.concernsEdit, self.medicalHistoryEdit)
        QWidget.setTabOrder(self.medicalHistoryEdit, self.medicationsEdit)
        QWidget.setTabOrder(self.medicationsEdit, self.allergiesEdit)
        QWidget.setTabOrder(self.allergiesEdit, self.emergencyNameEdit)
        QWidget.setTabOrder(self.emergencyNameEdit, self.emergencyPhoneEdit)
        QWidget.setTabOrder(self.emergencyPhoneEdit, self.saveButton)

        self.retranslateUi(ClientForm)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(ClientForm)
    # setupUi

    def retranslateUi(self, ClientForm):
        ClientForm.setWindowTitle(QCoreApplication.translate("ClientForm", u"Client", None))
        self.identityGroup.setTitle(QCoreApplication.translate("ClientForm", u"Client", None))
        self.firstNameEditLabel.setText(QCoreApplication.translate("ClientForm", u"Firs&t name", None))
        self.lastNameEditLabel.setText(QCoreApplication.translate("ClientForm", u"&Last name", None))
        self.dateOfBirthEditLabel.setText(QCoreApplication.translate("ClientForm", u"Date of &birth", None))
        self.skinTypeComboLabel.setText(QCoreApplication.translate("ClientForm", u"Skin t&ype", None))
        self.contactGroup.setTitle(QCoreApplication.translate("ClientForm", u"Contact", None))
        self.phoneEditLabel.setText(QCoreApplication.translate("ClientForm", u"&Phone", None))
        self.emailEditLabel.setText(QCoreApplication.translate("ClientForm", u"Email", None))
        self.emailEdit.setPlaceholderText(QCoreApplication.translate("ClientForm", u"name@example.com", None))
        self.addressEditLabel.setText(QCoreApplication.translate("ClientForm", u"&Address", None))
        self.healthGroup.setTitle(QCoreApplication.translate("ClientForm", u"Health", None))
        self.concernsEditLabel.setText(QCoreApplication.translate("ClientForm", u"C&oncerns", None))
        self.concernsEdit.setPlaceholderText(QCoreApplication.translate("ClientForm", u"e.g. acne scars, fine lines", None))
        self.medicalHistoryEditLabel.setText(QCoreApplication.translate("ClientForm", u"Medical history", None))
        self.medicationsEditLabel.setText(QCoreApplication.translate("ClientForm", u"&Medications", None))
        self.allergiesEditLabel.setText(QCoreApplication.translate("ClientForm", u"All&ergies", None))
        self.allergiesEdit.setPlaceholderText(QCoreApplication.translate("ClientForm", u"Include numbing agents (lidocaine...)", None))
        self.emergencyGroup.setTitle(QCoreApplication.translate("ClientForm", u"Emergency contact", None))
        self.emergencyNameEditLabel.setText(QCoreApplication.translate("ClientForm", u"Name", None))
        self.emergencyPhoneEditLabel.setText(QCoreApplication.translate("ClientForm", u"Phone", None))
        self.screeningGroup.setTitle(QCoreApplication.translate("ClientForm", u"Screening answers", None))
        self.screeningDateLabel.setText(QCoreApplication.translate("ClientForm", u"Not asked yet", None))
        self.discardButton.setText(QCoreApplication.translate("ClientForm", u"Discard changes", None))
        self.saveButton.setText(QCoreApplication.translate("ClientForm", u"Save", None))
#if QT_CONFIG(tooltip)
        self.saveButton.setToolTip(QCoreApplication.translate("ClientForm", u"Save the file (Ctrl+S)", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

