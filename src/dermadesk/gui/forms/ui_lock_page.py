# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'lock_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_LockPage(object):
    def setupUi(self, LockPage):
        if not LockPage.objectName():
            LockPage.setObjectName(u"LockPage")
        LockPage.resize(760, 520)
        self.lockLayout = QVBoxLayout(LockPage)
        self.lockLayout.setObjectName(u"lockLayout")
        self.pinGroup = QGroupBox(LockPage)
        self.pinGroup.setObjectName(u"pinGroup")
        self.pinForm = QFormLayout(self.pinGroup)
        self.pinForm.setObjectName(u"pinForm")
        self.pinForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.pinState = QLabel(self.pinGroup)
        self.pinState.setObjectName(u"pinState")
        self.pinState.setWordWrap(True)

        self.pinForm.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.pinState)

        self.newPinLabel = QLabel(self.pinGroup)
        self.newPinLabel.setObjectName(u"newPinLabel")

        self.pinForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.newPinLabel)

        self.newPin = QLineEdit(self.pinGroup)
        self.newPin.setObjectName(u"newPin")
        self.newPin.setEchoMode(QLineEdit.EchoMode.Password)
        self.newPin.setMinimumSize(QSize(220, 0))

        self.pinForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.newPin)

        self.confirmPinLabel = QLabel(self.pinGroup)
        self.confirmPinLabel.setObjectName(u"confirmPinLabel")

        self.pinForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.confirmPinLabel)

        self.confirmPin = QLineEdit(self.pinGroup)
        self.confirmPin.setObjectName(u"confirmPin")
        self.confirmPin.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmPin.setMinimumSize(QSize(220, 0))

        self.pinForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.confirmPin)

        self.removePinButton = QPushButton(self.pinGroup)
        self.removePinButton.setObjectName(u"removePinButton")
        self.removePinButton.setAutoDefault(False)

        self.pinForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.removePinButton)

        self.pinNote = QLabel(self.pinGroup)
        self.pinNote.setObjectName(u"pinNote")
        self.pinNote.setWordWrap(True)
        self.pinNote.setEnabled(False)

        self.pinForm.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.pinNote)


        self.lockLayout.addWidget(self.pinGroup)

        self.idleGroup = QGroupBox(LockPage)
        self.idleGroup.setObjectName(u"idleGroup")
        self.idleForm = QFormLayout(self.idleGroup)
        self.idleForm.setObjectName(u"idleForm")
        self.idleForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.idleMinutesLabel = QLabel(self.idleGroup)
        self.idleMinutesLabel.setObjectName(u"idleMinutesLabel")

        self.idleForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.idleMinutesLabel)

        self.idleMinutes = QSpinBox(self.idleGroup)
        self.idleMinutes.setObjectName(u"idleMinutes")
        self.idleMinutes.setMinimum(0)
        self.idleMinutes.setMaximum(120)
        self.idleMinutes.setMinimumSize(QSize(220, 0))

        self.idleForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.idleMinutes)

        self.idleNote = QLabel(self.idleGroup)
        self.idleNote.setObjectName(u"idleNote")
        self.idleNote.setWordWrap(True)
        self.idleNote.setEnabled(False)

        self.idleForm.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.idleNote)


        self.lockLayout.addWidget(self.idleGroup)

        self.lockSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.lockLayout.addItem(self.lockSpacer)

        self.lockLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.newPinLabel.setBuddy(self.newPin)
        self.confirmPinLabel.setBuddy(self.confirmPin)
        self.idleMinutesLabel.setBuddy(self.idleMinutes)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(LockPage)

        QMetaObject.connectSlotsByName(LockPage)
    # setupUi

    def retranslateUi(self, LockPage):
        LockPage.setWindowTitle(QCoreApplication.translate("LockPage", u"Lock", None))
        self.pinGroup.setTitle(QCoreApplication.translate("LockPage", u"The practice PIN", None))
        self.newPinLabel.setText(QCoreApplication.translate("LockPage", u"New PIN (4 characters or more)", None))
        self.confirmPinLabel.setText(QCoreApplication.translate("LockPage", u"The new PIN again", None))
        self.removePinButton.setText(QCoreApplication.translate("LockPage", u"&Remove the PIN", None))
        self.pinNote.setText(QCoreApplication.translate("LockPage", u"A PIN, or a passphrase of a few words. DermaDesk keeps only a one-way fingerprint of it (scrypt), so it cannot show a forgotten PIN: choose one the practice will remember. After three wrong tries, each try waits longer.", None))
        self.idleGroup.setTitle(QCoreApplication.translate("LockPage", u"Locking", None))
        self.idleMinutesLabel.setText(QCoreApplication.translate("LockPage", u"Lock after no key or mouse for", None))
        self.idleMinutes.setSuffix(QCoreApplication.translate("LockPage", u" minutes", None))
        self.idleMinutes.setSpecialValueText(QCoreApplication.translate("LockPage", u"Never (only with Ctrl+L)", None))
        self.idleNote.setText(QCoreApplication.translate("LockPage", u"Locked, DermaDesk hides every client's data, open forms included, until the PIN is typed; nothing typed is lost. File \u25b8 Lock (Ctrl+L) locks at once.", None))
    # retranslateUi

