# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'backups_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

class Ui_BackupsPage(object):
    def setupUi(self, BackupsPage):
        if not BackupsPage.objectName():
            BackupsPage.setObjectName(u"BackupsPage")
        BackupsPage.resize(760, 520)
        self.backupsLayout = QVBoxLayout(BackupsPage)
        self.backupsLayout.setObjectName(u"backupsLayout")
        self.backupGroup = QGroupBox(BackupsPage)
        self.backupGroup.setObjectName(u"backupGroup")
        self.backupForm = QFormLayout(self.backupGroup)
        self.backupForm.setObjectName(u"backupForm")
        self.backupFolderLabel = QLabel(self.backupGroup)
        self.backupFolderLabel.setObjectName(u"backupFolderLabel")

        self.backupForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.backupFolderLabel)

        self.folderRow = QHBoxLayout()
        self.folderRow.setObjectName(u"folderRow")
        self.backupFolder = QLineEdit(self.backupGroup)
        self.backupFolder.setObjectName(u"backupFolder")
        self.backupFolder.setMinimumSize(QSize(360, 0))

        self.folderRow.addWidget(self.backupFolder)

        self.chooseBackupFolderButton = QPushButton(self.backupGroup)
        self.chooseBackupFolderButton.setObjectName(u"chooseBackupFolderButton")
        self.chooseBackupFolderButton.setAutoDefault(False)

        self.folderRow.addWidget(self.chooseBackupFolderButton)

        self.defaultBackupFolderButton = QPushButton(self.backupGroup)
        self.defaultBackupFolderButton.setObjectName(u"defaultBackupFolderButton")
        self.defaultBackupFolderButton.setAutoDefault(False)

        self.folderRow.addWidget(self.defaultBackupFolderButton)

        self.folderRow.setStretch(0, 1)

        self.backupForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.folderRow)

        self.backupKeepLabel = QLabel(self.backupGroup)
        self.backupKeepLabel.setObjectName(u"backupKeepLabel")

        self.backupForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.backupKeepLabel)

        self.keepRow = QHBoxLayout()
        self.keepRow.setObjectName(u"keepRow")
        self.backupDaily = QSpinBox(self.backupGroup)
        self.backupDaily.setObjectName(u"backupDaily")
        self.backupDaily.setMinimum(1)
        self.backupDaily.setMaximum(365)

        self.keepRow.addWidget(self.backupDaily)

        self.backupWeekly = QSpinBox(self.backupGroup)
        self.backupWeekly.setObjectName(u"backupWeekly")
        self.backupWeekly.setMinimum(0)
        self.backupWeekly.setMaximum(52)

        self.keepRow.addWidget(self.backupWeekly)

        self.backupMonthly = QSpinBox(self.backupGroup)
        self.backupMonthly.setObjectName(u"backupMonthly")
        self.backupMonthly.setMinimum(0)
        self.backupMonthly.setMaximum(120)

        self.keepRow.addWidget(self.backupMonthly)

        self.keepSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.keepRow.addItem(self.keepSpacer)

        self.keepRow.setStretch(3, 1)

        self.backupForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.keepRow)

        self.backupNote = QLabel(self.backupGroup)
        self.backupNote.setObjectName(u"backupNote")
        self.backupNote.setWordWrap(True)
        self.backupNote.setEnabled(False)

        self.backupForm.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.backupNote)


        self.backupsLayout.addWidget(self.backupGroup)

        self.backupsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.backupsLayout.addItem(self.backupsSpacer)

        self.backupsLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.backupFolderLabel.setBuddy(self.backupFolder)
        self.backupKeepLabel.setBuddy(self.backupDaily)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(BackupsPage)

        QMetaObject.connectSlotsByName(BackupsPage)
    # setupUi

    def retranslateUi(self, BackupsPage):
        BackupsPage.setWindowTitle(QCoreApplication.translate("BackupsPage", u"Backups", None))
        self.backupGroup.setTitle(QCoreApplication.translate("BackupsPage", u"The daily backup", None))
        self.backupFolderLabel.setText(QCoreApplication.translate("BackupsPage", u"Backup folder", None))
        self.chooseBackupFolderButton.setText(QCoreApplication.translate("BackupsPage", u"C&hoose\u2026", None))
        self.defaultBackupFolderButton.setText(QCoreApplication.translate("BackupsPage", u"Use the stan&dard folder", None))
        self.backupKeepLabel.setText(QCoreApplication.translate("BackupsPage", u"Keep the newest", None))
#if QT_CONFIG(tooltip)
        self.backupDaily.setToolTip(QCoreApplication.translate("BackupsPage", u"The newest backup of each of this many days", None))
#endif // QT_CONFIG(tooltip)
        self.backupDaily.setSuffix(QCoreApplication.translate("BackupsPage", u" daily", None))
#if QT_CONFIG(tooltip)
        self.backupWeekly.setToolTip(QCoreApplication.translate("BackupsPage", u"The newest backup of each of this many weeks", None))
#endif // QT_CONFIG(tooltip)
        self.backupWeekly.setSuffix(QCoreApplication.translate("BackupsPage", u" weekly", None))
#if QT_CONFIG(tooltip)
        self.backupMonthly.setToolTip(QCoreApplication.translate("BackupsPage", u"The newest backup of each of this many months", None))
#endif // QT_CONFIG(tooltip)
        self.backupMonthly.setSuffix(QCoreApplication.translate("BackupsPage", u" monthly", None))
        self.backupNote.setText(QCoreApplication.translate("BackupsPage", u"When DermaDesk closes it makes one backup a day (the database and the photos, each file checked) into this folder. It keeps the newest backup of each of the last days, weeks and months given here; older ones are deleted. A backup is never deleted when the new one holds markedly fewer clients, consents or photos, and a backup of a practice with problems (named \"damaged\") never replaces a sound one. Empty: the backups folder inside the data folder. A folder on another disk or a USB stick also keeps the practice safe from a failing disk.", None))
    # retranslateUi

