# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'consent_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QFrame,
    QHBoxLayout, QLabel, QPushButton, QScrollArea,
    QSizePolicy, QSpacerItem, QStackedWidget, QTextBrowser,
    QVBoxLayout, QWidget)

class Ui_ConsentDialog(object):
    def setupUi(self, ConsentDialog):
        if not ConsentDialog.objectName():
            ConsentDialog.setObjectName(u"ConsentDialog")
        ConsentDialog.resize(820, 720)
        self.layout = QVBoxLayout(ConsentDialog)
        self.layout.setObjectName(u"layout")
        self.stepsLabel = QLabel(ConsentDialog)
        self.stepsLabel.setObjectName(u"stepsLabel")

        self.layout.addWidget(self.stepsLabel)

        self.stack = QStackedWidget(ConsentDialog)
        self.stack.setObjectName(u"stack")
        self.screeningScroll = QScrollArea()
        self.screeningScroll.setObjectName(u"screeningScroll")
        self.screeningScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.screeningScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.screeningScroll.setWidgetResizable(True)
        self.screeningPage = QWidget()
        self.screeningPage.setObjectName(u"screeningPage")
        self.screeningLayout = QVBoxLayout(self.screeningPage)
        self.screeningLayout.setObjectName(u"screeningLayout")
        self.screeningIntro = QLabel(self.screeningPage)
        self.screeningIntro.setObjectName(u"screeningIntro")
        self.screeningIntro.setTextFormat(Qt.TextFormat.PlainText)
        self.screeningIntro.setWordWrap(True)

        self.screeningLayout.addWidget(self.screeningIntro)

        self.screeningFieldsLayout = QVBoxLayout()
        self.screeningFieldsLayout.setObjectName(u"screeningFieldsLayout")

        self.screeningLayout.addLayout(self.screeningFieldsLayout)

        self.screeningSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.screeningLayout.addItem(self.screeningSpacer)

        self.screeningScroll.setWidget(self.screeningPage)
        self.stack.addWidget(self.screeningScroll)
        self.formPage = QWidget()
        self.formPage.setObjectName(u"formPage")
        self.formLayout = QVBoxLayout(self.formPage)
        self.formLayout.setObjectName(u"formLayout")
        self.formText = QTextBrowser(self.formPage)
        self.formText.setObjectName(u"formText")

        self.formLayout.addWidget(self.formText)

        self.levelsLabel = QLabel(self.formPage)
        self.levelsLabel.setObjectName(u"levelsLabel")

        self.formLayout.addWidget(self.levelsLabel)

        self.levelsLayout = QVBoxLayout()
        self.levelsLayout.setObjectName(u"levelsLayout")

        self.formLayout.addLayout(self.levelsLayout)

        self.versionLabel = QLabel(self.formPage)
        self.versionLabel.setObjectName(u"versionLabel")
        self.versionLabel.setEnabled(False)

        self.formLayout.addWidget(self.versionLabel)

        self.formLayout.setStretch(0, 1)
        self.stack.addWidget(self.formPage)
        self.signScroll = QScrollArea()
        self.signScroll.setObjectName(u"signScroll")
        self.signScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.signScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.signScroll.setWidgetResizable(True)
        self.signPage = QWidget()
        self.signPage.setObjectName(u"signPage")
        self.signLayout = QVBoxLayout(self.signPage)
        self.signLayout.setObjectName(u"signLayout")
        self.signaturesCleared = QLabel(self.signPage)
        self.signaturesCleared.setObjectName(u"signaturesCleared")
        self.signaturesCleared.setVisible(False)
        self.signaturesCleared.setStyleSheet(u"color: #8e1b1b; font-weight: bold;")
        self.signaturesCleared.setWordWrap(True)

        self.signLayout.addWidget(self.signaturesCleared)

        self.signersLayout = QVBoxLayout()
        self.signersLayout.setObjectName(u"signersLayout")

        self.signLayout.addLayout(self.signersLayout)

        self.witnessCheck = QCheckBox(self.signPage)
        self.witnessCheck.setObjectName(u"witnessCheck")

        self.signLayout.addWidget(self.witnessCheck)

        self.witnessLayout = QVBoxLayout()
        self.witnessLayout.setObjectName(u"witnessLayout")

        self.signLayout.addLayout(self.witnessLayout)

        self.signSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.signLayout.addItem(self.signSpacer)

        self.signScroll.setWidget(self.signPage)
        self.stack.addWidget(self.signScroll)

        self.layout.addWidget(self.stack)

        self.problemsLabel = QLabel(ConsentDialog)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setVisible(False)
        self.problemsLabel.setStyleSheet(u"QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f3b7b2; border-radius: 4px; padding: 8px; }")
        self.problemsLabel.setWordWrap(True)

        self.layout.addWidget(self.problemsLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.cancelButton = QPushButton(ConsentDialog)
        self.cancelButton.setObjectName(u"cancelButton")

        self.buttonsLayout.addWidget(self.cancelButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.backButton = QPushButton(ConsentDialog)
        self.backButton.setObjectName(u"backButton")

        self.buttonsLayout.addWidget(self.backButton)

        self.nextButton = QPushButton(ConsentDialog)
        self.nextButton.setObjectName(u"nextButton")

        self.buttonsLayout.addWidget(self.nextButton)

        self.signButton = QPushButton(ConsentDialog)
        self.signButton.setObjectName(u"signButton")

        self.buttonsLayout.addWidget(self.signButton)


        self.layout.addLayout(self.buttonsLayout)

        self.layout.setStretch(1, 1)

        self.retranslateUi(ConsentDialog)

        self.signButton.setDefault(True)


        QMetaObject.connectSlotsByName(ConsentDialog)
    # setupUi

    def retranslateUi(self, ConsentDialog):
        ConsentDialog.setWindowTitle(QCoreApplication.translate("ConsentDialog", u"Consent", None))
        self.levelsLabel.setText(QCoreApplication.translate("ConsentDialog", u"<b>The client chooses, before anyone signs:</b>", None))
        self.signaturesCleared.setText(QCoreApplication.translate("ConsentDialog", u"What the photographs may be used for changed after signing, so the signatures were cleared. Please sign again.", None))
        self.witnessCheck.setText(QCoreApplication.translate("ConsentDialog", u"A witness signs too", None))
        self.cancelButton.setText(QCoreApplication.translate("ConsentDialog", u"Cancel", None))
        self.backButton.setText(QCoreApplication.translate("ConsentDialog", u"&Back", None))
        self.nextButton.setText(QCoreApplication.translate("ConsentDialog", u"&Next", None))
        self.signButton.setText(QCoreApplication.translate("ConsentDialog", u"&Sign and save", None))
    # retranslateUi

