# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'reason_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_ReasonDialog(object):
    def setupUi(self, ReasonDialog):
        if not ReasonDialog.objectName():
            ReasonDialog.setObjectName(u"ReasonDialog")
        self.layout = QVBoxLayout(ReasonDialog)
        self.layout.setObjectName(u"layout")
        self.findingsLayout = QVBoxLayout()
        self.findingsLayout.setObjectName(u"findingsLayout")

        self.layout.addLayout(self.findingsLayout)

        self.askLabel = QLabel(ReasonDialog)
        self.askLabel.setObjectName(u"askLabel")
        self.askLabel.setWordWrap(True)

        self.layout.addWidget(self.askLabel)

        self.reason = QPlainTextEdit(ReasonDialog)
        self.reason.setObjectName(u"reason")
        self.reason.setMinimumSize(QSize(0, 70))
        self.reason.setMaximumSize(QSize(16777215, 70))
        self.reason.setTabChangesFocus(True)

        self.layout.addWidget(self.reason)

        self.message = QLabel(ReasonDialog)
        self.message.setObjectName(u"message")
        self.message.setStyleSheet(u"color: #b42318;")
        self.message.setWordWrap(True)

        self.layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(ReasonDialog)
        self.buttons.setObjectName(u"buttons")

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.askLabel.setBuddy(self.reason)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ReasonDialog)

        QMetaObject.connectSlotsByName(ReasonDialog)
    # setupUi

    def retranslateUi(self, ReasonDialog):
        ReasonDialog.setWindowTitle(QCoreApplication.translate("ReasonDialog", u"Screening needs your judgement", None))
    # retranslateUi

