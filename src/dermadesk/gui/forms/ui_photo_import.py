# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'photo_import.ui'
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
    QLabel, QListWidget, QListWidgetItem, QProgressBar,
    QSizePolicy, QSpacerItem, QStackedWidget, QVBoxLayout,
    QWidget)

class Ui_ImportDialog(object):
    def setupUi(self, ImportDialog):
        if not ImportDialog.objectName():
            ImportDialog.setObjectName(u"ImportDialog")
        ImportDialog.setMinimumSize(QSize(520, 0))
        self.layout = QVBoxLayout(ImportDialog)
        self.layout.setObjectName(u"layout")
        self.intro = QLabel(ImportDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.introSpacer = QSpacerItem(0, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.layout.addItem(self.introSpacer)

        self.pages = QStackedWidget(ImportDialog)
        self.pages.setObjectName(u"pages")
        self.tagsPage = QWidget()
        self.tagsPage.setObjectName(u"tagsPage")
        self.tagsLayout = QVBoxLayout(self.tagsPage)
        self.tagsLayout.setObjectName(u"tagsLayout")
        self.tagsLayout.setContentsMargins(0, 0, 0, 0)
        self.tagsHint = QLabel(self.tagsPage)
        self.tagsHint.setObjectName(u"tagsHint")
        self.tagsHint.setStyleSheet(u"color: #6b7785")
        self.tagsHint.setWordWrap(True)

        self.tagsLayout.addWidget(self.tagsHint)

        self.tagsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.tagsLayout.addItem(self.tagsSpacer)

        self.pages.addWidget(self.tagsPage)
        self.progressPage = QWidget()
        self.progressPage.setObjectName(u"progressPage")
        self.progressLayout = QVBoxLayout(self.progressPage)
        self.progressLayout.setObjectName(u"progressLayout")
        self.progressLayout.setContentsMargins(0, 0, 0, 0)
        self.progressTopSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.progressLayout.addItem(self.progressTopSpacer)

        self.progressLabel = QLabel(self.progressPage)
        self.progressLabel.setObjectName(u"progressLabel")
        self.progressLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.progressLayout.addWidget(self.progressLabel)

        self.progress = QProgressBar(self.progressPage)
        self.progress.setObjectName(u"progress")
        self.progress.setTextVisible(False)

        self.progressLayout.addWidget(self.progress)

        self.progressBottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.progressLayout.addItem(self.progressBottomSpacer)

        self.pages.addWidget(self.progressPage)
        self.summaryPage = QWidget()
        self.summaryPage.setObjectName(u"summaryPage")
        self.summaryLayout = QVBoxLayout(self.summaryPage)
        self.summaryLayout.setObjectName(u"summaryLayout")
        self.summaryLayout.setContentsMargins(0, 0, 0, 0)
        self.headline = QLabel(self.summaryPage)
        self.headline.setObjectName(u"headline")
        font = QFont()
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)

        self.summaryLayout.addWidget(self.headline)

        self.tagged = QLabel(self.summaryPage)
        self.tagged.setObjectName(u"tagged")
        self.tagged.setStyleSheet(u"color: #6b7785")
        self.tagged.setTextFormat(Qt.TextFormat.PlainText)
        self.tagged.setWordWrap(True)

        self.summaryLayout.addWidget(self.tagged)

        self.details = QListWidget(self.summaryPage)
        self.details.setObjectName(u"details")
        self.details.setMinimumSize(QSize(0, 110))
        self.details.setWordWrap(True)

        self.summaryLayout.addWidget(self.details)

        self.summaryLayout.setStretch(2, 1)
        self.pages.addWidget(self.summaryPage)

        self.layout.addWidget(self.pages)

        self.buttons = QDialogButtonBox(ImportDialog)
        self.buttons.setObjectName(u"buttons")

        self.layout.addWidget(self.buttons)

        self.layout.setStretch(2, 1)

        self.retranslateUi(ImportDialog)

        QMetaObject.connectSlotsByName(ImportDialog)
    # setupUi

    def retranslateUi(self, ImportDialog):
        ImportDialog.setWindowTitle(QCoreApplication.translate("ImportDialog", u"Import photos", None))
        self.tagsHint.setText(QCoreApplication.translate("ImportDialog", u"These tags go on every picture of this import. Any photo's tags can be changed afterwards with the Tags button.", None))
    # retranslateUi

