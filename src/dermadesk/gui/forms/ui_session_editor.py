# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'session_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
    QSpacerItem, QSpinBox, QVBoxLayout, QWidget)

from dermadesk.gui.alerts_banner import AlertsBanner
from dermadesk.gui.face_map import FaceMap

class Ui_SessionEditor(object):
    def setupUi(self, SessionEditor):
        if not SessionEditor.objectName():
            SessionEditor.setObjectName(u"SessionEditor")
        SessionEditor.resize(1180, 860)
        self.layout = QVBoxLayout(SessionEditor)
        self.layout.setObjectName(u"layout")
        self.topLayout = QHBoxLayout()
        self.topLayout.setObjectName(u"topLayout")
        self.title = QLabel(SessionEditor)
        self.title.setObjectName(u"title")
        self.title.setTextFormat(Qt.TextFormat.RichText)

        self.topLayout.addWidget(self.title)

        self.topLayout.setStretch(0, 1)

        self.layout.addLayout(self.topLayout)

        self.editorAlertsArea = QScrollArea(SessionEditor)
        self.editorAlertsArea.setObjectName(u"editorAlertsArea")
        self.editorAlertsArea.setFrameShape(QFrame.Shape.NoFrame)
        self.editorAlertsArea.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editorAlertsArea.setWidgetResizable(True)
        self.alerts = AlertsBanner()
        self.alerts.setObjectName(u"alerts")
        self.editorAlertsArea.setWidget(self.alerts)

        self.layout.addWidget(self.editorAlertsArea)

        self.startLayout = QHBoxLayout()
        self.startLayout.setObjectName(u"startLayout")
        self.startLine = QLabel(SessionEditor)
        self.startLine.setObjectName(u"startLine")
        self.startLine.setTextFormat(Qt.TextFormat.RichText)
        self.startLine.setWordWrap(True)

        self.startLayout.addWidget(self.startLine)

        self.startButton = QPushButton(SessionEditor)
        self.startButton.setObjectName(u"startButton")
        self.startButton.setAutoDefault(False)

        self.startLayout.addWidget(self.startButton, 0, Qt.AlignmentFlag.AlignTop)

        self.startLayout.setStretch(0, 1)

        self.layout.addLayout(self.startLayout)

        self.middleLayout = QHBoxLayout()
        self.middleLayout.setObjectName(u"middleLayout")
        self.leftLayout = QVBoxLayout()
        self.leftLayout.setObjectName(u"leftLayout")
        self.faceMap = FaceMap(SessionEditor)
        self.faceMap.setObjectName(u"faceMap")

        self.leftLayout.addWidget(self.faceMap)

        self.bodyLayout = QHBoxLayout()
        self.bodyLayout.setObjectName(u"bodyLayout")
        self.bodyLabel = QLabel(SessionEditor)
        self.bodyLabel.setObjectName(u"bodyLabel")

        self.bodyLayout.addWidget(self.bodyLabel)

        self.bodySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bodyLayout.addItem(self.bodySpacer)


        self.leftLayout.addLayout(self.bodyLayout)

        self.addAreaEdit = QLineEdit(SessionEditor)
        self.addAreaEdit.setObjectName(u"addAreaEdit")

        self.leftLayout.addWidget(self.addAreaEdit)

        self.leftLayout.setStretch(0, 1)

        self.middleLayout.addLayout(self.leftLayout)

        self.recordScroll = QScrollArea(SessionEditor)
        self.recordScroll.setObjectName(u"recordScroll")
        self.recordScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.recordScroll.setWidgetResizable(True)
        self.recordContents = QWidget()
        self.recordContents.setObjectName(u"recordContents")
        self.recordLayout = QVBoxLayout(self.recordContents)
        self.recordLayout.setObjectName(u"recordLayout")
        self.recordLayout.setContentsMargins(0, 0, 6, 0)
        self.areaBarLayout = QHBoxLayout()
        self.areaBarLayout.setObjectName(u"areaBarLayout")
        self.treatedAreasLabel = QLabel(self.recordContents)
        self.treatedAreasLabel.setObjectName(u"treatedAreasLabel")

        self.areaBarLayout.addWidget(self.treatedAreasLabel)

        self.areaBarSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.areaBarLayout.addItem(self.areaBarSpacer)

        self.removeButton = QPushButton(self.recordContents)
        self.removeButton.setObjectName(u"removeButton")
        self.removeButton.setAutoDefault(False)

        self.areaBarLayout.addWidget(self.removeButton)

        self.sameButton = QPushButton(self.recordContents)
        self.sameButton.setObjectName(u"sameButton")
        self.sameButton.setAutoDefault(False)

        self.areaBarLayout.addWidget(self.sameButton)


        self.recordLayout.addLayout(self.areaBarLayout)

        self.sameNote = QLabel(self.recordContents)
        self.sameNote.setObjectName(u"sameNote")
        self.sameNote.setWordWrap(True)

        self.recordLayout.addWidget(self.sameNote)

        self.areasLayout = QVBoxLayout()
        self.areasLayout.setObjectName(u"areasLayout")

        self.recordLayout.addLayout(self.areasLayout)

        self.stepsBox = QGroupBox(self.recordContents)
        self.stepsBox.setObjectName(u"stepsBox")
        self.stepGrid = QGridLayout(self.stepsBox)
        self.stepGrid.setObjectName(u"stepGrid")
        self.cleanseLabel = QLabel(self.stepsBox)
        self.cleanseLabel.setObjectName(u"cleanseLabel")

        self.stepGrid.addWidget(self.cleanseLabel, 0, 0, 1, 1)

        self.cleanseEdit = QLineEdit(self.stepsBox)
        self.cleanseEdit.setObjectName(u"cleanseEdit")

        self.stepGrid.addWidget(self.cleanseEdit, 0, 1, 1, 1)

        self.peelLabel = QLabel(self.stepsBox)
        self.peelLabel.setObjectName(u"peelLabel")

        self.stepGrid.addWidget(self.peelLabel, 0, 2, 1, 1)

        self.peelEdit = QLineEdit(self.stepsBox)
        self.peelEdit.setObjectName(u"peelEdit")

        self.stepGrid.addWidget(self.peelEdit, 0, 3, 1, 1)

        self.numbingProductLabel = QLabel(self.stepsBox)
        self.numbingProductLabel.setObjectName(u"numbingProductLabel")

        self.stepGrid.addWidget(self.numbingProductLabel, 1, 0, 1, 1)

        self.numbingProductEdit = QLineEdit(self.stepsBox)
        self.numbingProductEdit.setObjectName(u"numbingProductEdit")

        self.stepGrid.addWidget(self.numbingProductEdit, 1, 1, 1, 1)

        self.numbingTimesLayout = QHBoxLayout()
        self.numbingTimesLayout.setObjectName(u"numbingTimesLayout")
        self.numbingOnLabel = QLabel(self.stepsBox)
        self.numbingOnLabel.setObjectName(u"numbingOnLabel")

        self.numbingTimesLayout.addWidget(self.numbingOnLabel)

        self.numbingOnEdit = QLineEdit(self.stepsBox)
        self.numbingOnEdit.setObjectName(u"numbingOnEdit")
        self.numbingOnEdit.setMaximumSize(QSize(70, 16777215))

        self.numbingTimesLayout.addWidget(self.numbingOnEdit)

        self.numbingOffLabel = QLabel(self.stepsBox)
        self.numbingOffLabel.setObjectName(u"numbingOffLabel")

        self.numbingTimesLayout.addWidget(self.numbingOffLabel)

        self.numbingOffEdit = QLineEdit(self.stepsBox)
        self.numbingOffEdit.setObjectName(u"numbingOffEdit")
        self.numbingOffEdit.setMaximumSize(QSize(70, 16777215))

        self.numbingTimesLayout.addWidget(self.numbingOffEdit)

        self.numbingTimesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.numbingTimesLayout.addItem(self.numbingTimesSpacer)


        self.stepGrid.addLayout(self.numbingTimesLayout, 1, 2, 1, 2)

        self.antisepticLabel = QLabel(self.stepsBox)
        self.antisepticLabel.setObjectName(u"antisepticLabel")

        self.stepGrid.addWidget(self.antisepticLabel, 2, 0, 1, 1)

        self.antisepticEdit = QLineEdit(self.stepsBox)
        self.antisepticEdit.setObjectName(u"antisepticEdit")

        self.stepGrid.addWidget(self.antisepticEdit, 2, 1, 1, 1)

        self.deviceLabel = QLabel(self.stepsBox)
        self.deviceLabel.setObjectName(u"deviceLabel")

        self.stepGrid.addWidget(self.deviceLabel, 2, 2, 1, 1)

        self.deviceEdit = QLineEdit(self.stepsBox)
        self.deviceEdit.setObjectName(u"deviceEdit")

        self.stepGrid.addWidget(self.deviceEdit, 2, 3, 1, 1)

        self.cartridgeLabel = QLabel(self.stepsBox)
        self.cartridgeLabel.setObjectName(u"cartridgeLabel")

        self.stepGrid.addWidget(self.cartridgeLabel, 3, 0, 1, 1)

        self.cartridgeEdit = QLineEdit(self.stepsBox)
        self.cartridgeEdit.setObjectName(u"cartridgeEdit")

        self.stepGrid.addWidget(self.cartridgeEdit, 3, 1, 1, 1)

        self.cartridgeLotLabel = QLabel(self.stepsBox)
        self.cartridgeLotLabel.setObjectName(u"cartridgeLotLabel")

        self.stepGrid.addWidget(self.cartridgeLotLabel, 3, 2, 1, 1)

        self.cartridgeLotEdit = QLineEdit(self.stepsBox)
        self.cartridgeLotEdit.setObjectName(u"cartridgeLotEdit")

        self.stepGrid.addWidget(self.cartridgeLotEdit, 3, 3, 1, 1)

        self.serumLabel = QLabel(self.stepsBox)
        self.serumLabel.setObjectName(u"serumLabel")

        self.stepGrid.addWidget(self.serumLabel, 4, 0, 1, 1)

        self.serumEdit = QLineEdit(self.stepsBox)
        self.serumEdit.setObjectName(u"serumEdit")

        self.stepGrid.addWidget(self.serumEdit, 4, 1, 1, 1)

        self.serumLotLabel = QLabel(self.stepsBox)
        self.serumLotLabel.setObjectName(u"serumLotLabel")

        self.stepGrid.addWidget(self.serumLotLabel, 4, 2, 1, 1)

        self.serumLotEdit = QLineEdit(self.stepsBox)
        self.serumLotEdit.setObjectName(u"serumLotEdit")

        self.stepGrid.addWidget(self.serumLotEdit, 4, 3, 1, 1)

        self.maskLabel = QLabel(self.stepsBox)
        self.maskLabel.setObjectName(u"maskLabel")

        self.stepGrid.addWidget(self.maskLabel, 5, 0, 1, 1)

        self.maskEdit = QLineEdit(self.stepsBox)
        self.maskEdit.setObjectName(u"maskEdit")

        self.stepGrid.addWidget(self.maskEdit, 5, 1, 1, 1)

        self.finishingProductLabel = QLabel(self.stepsBox)
        self.finishingProductLabel.setObjectName(u"finishingProductLabel")

        self.stepGrid.addWidget(self.finishingProductLabel, 5, 2, 1, 1)

        self.finishingProductEdit = QLineEdit(self.stepsBox)
        self.finishingProductEdit.setObjectName(u"finishingProductEdit")

        self.stepGrid.addWidget(self.finishingProductEdit, 5, 3, 1, 1)

        self.activesLabel = QLabel(self.stepsBox)
        self.activesLabel.setObjectName(u"activesLabel")

        self.stepGrid.addWidget(self.activesLabel, 6, 0, 1, 1)

        self.activesDays = QSpinBox(self.stepsBox)
        self.activesDays.setObjectName(u"activesDays")
        self.activesDays.setMaximumSize(QSize(110, 16777215))
        self.activesDays.setMaximum(60)

        self.stepGrid.addWidget(self.activesDays, 6, 1, 1, 1)

        self.stepGrid.setColumnStretch(1, 1)
        self.stepGrid.setColumnStretch(3, 1)

        self.recordLayout.addWidget(self.stepsBox)

        self.notesBox = QGroupBox(self.recordContents)
        self.notesBox.setObjectName(u"notesBox")
        self.notesGrid = QGridLayout(self.notesBox)
        self.notesGrid.setObjectName(u"notesGrid")
        self.reactionsLabel = QLabel(self.notesBox)
        self.reactionsLabel.setObjectName(u"reactionsLabel")

        self.notesGrid.addWidget(self.reactionsLabel, 0, 0, 1, 1)

        self.reactionsText = QPlainTextEdit(self.notesBox)
        self.reactionsText.setObjectName(u"reactionsText")
        self.reactionsText.setMinimumSize(QSize(0, 54))
        self.reactionsText.setMaximumSize(QSize(16777215, 54))
        self.reactionsText.setTabChangesFocus(True)

        self.notesGrid.addWidget(self.reactionsText, 1, 0, 1, 1)

        self.adverseEventsLabel = QLabel(self.notesBox)
        self.adverseEventsLabel.setObjectName(u"adverseEventsLabel")

        self.notesGrid.addWidget(self.adverseEventsLabel, 0, 1, 1, 1)

        self.adverseEventsText = QPlainTextEdit(self.notesBox)
        self.adverseEventsText.setObjectName(u"adverseEventsText")
        self.adverseEventsText.setMinimumSize(QSize(0, 54))
        self.adverseEventsText.setMaximumSize(QSize(16777215, 54))
        self.adverseEventsText.setTabChangesFocus(True)

        self.notesGrid.addWidget(self.adverseEventsText, 1, 1, 1, 1)

        self.notesLabel = QLabel(self.notesBox)
        self.notesLabel.setObjectName(u"notesLabel")

        self.notesGrid.addWidget(self.notesLabel, 2, 0, 1, 1)

        self.notesText = QPlainTextEdit(self.notesBox)
        self.notesText.setObjectName(u"notesText")
        self.notesText.setMinimumSize(QSize(0, 54))
        self.notesText.setMaximumSize(QSize(16777215, 54))
        self.notesText.setTabChangesFocus(True)

        self.notesGrid.addWidget(self.notesText, 3, 0, 1, 1)

        self.consultationLabel = QLabel(self.notesBox)
        self.consultationLabel.setObjectName(u"consultationLabel")

        self.notesGrid.addWidget(self.consultationLabel, 2, 1, 1, 1)

        self.consultationText = QPlainTextEdit(self.notesBox)
        self.consultationText.setObjectName(u"consultationText")
        self.consultationText.setMinimumSize(QSize(0, 54))
        self.consultationText.setMaximumSize(QSize(16777215, 54))
        self.consultationText.setTabChangesFocus(True)

        self.notesGrid.addWidget(self.consultationText, 3, 1, 1, 1)


        self.recordLayout.addWidget(self.notesBox)

        self.recordLayout.setStretch(2, 1)
        self.recordScroll.setWidget(self.recordContents)

        self.middleLayout.addWidget(self.recordScroll)

        self.middleLayout.setStretch(0, 4)
        self.middleLayout.setStretch(1, 7)

        self.layout.addLayout(self.middleLayout)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.message = QLabel(SessionEditor)
        self.message.setObjectName(u"message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        self.buttonsLayout.addWidget(self.message)

        self.printButton = QPushButton(SessionEditor)
        self.printButton.setObjectName(u"printButton")
        self.printButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.printButton)

        self.saveButton = QPushButton(SessionEditor)
        self.saveButton.setObjectName(u"saveButton")
        self.saveButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.saveButton)

        self.doneButton = QPushButton(SessionEditor)
        self.doneButton.setObjectName(u"doneButton")
        self.doneButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.doneButton)

        self.closeButton = QPushButton(SessionEditor)
        self.closeButton.setObjectName(u"closeButton")
        self.closeButton.setAutoDefault(False)

        self.buttonsLayout.addWidget(self.closeButton)

        self.buttonsLayout.setStretch(0, 1)

        self.layout.addLayout(self.buttonsLayout)

        self.layout.setStretch(3, 1)
#if QT_CONFIG(shortcut)
        self.cleanseLabel.setBuddy(self.cleanseEdit)
        self.peelLabel.setBuddy(self.peelEdit)
        self.numbingProductLabel.setBuddy(self.numbingProductEdit)
        self.antisepticLabel.setBuddy(self.antisepticEdit)
        self.deviceLabel.setBuddy(self.deviceEdit)
        self.cartridgeLabel.setBuddy(self.cartridgeEdit)
        self.cartridgeLotLabel.setBuddy(self.cartridgeLotEdit)
        self.serumLabel.setBuddy(self.serumEdit)
        self.serumLotLabel.setBuddy(self.serumLotEdit)
        self.maskLabel.setBuddy(self.maskEdit)
        self.finishingProductLabel.setBuddy(self.finishingProductEdit)
        self.reactionsLabel.setBuddy(self.reactionsText)
        self.adverseEventsLabel.setBuddy(self.adverseEventsText)
        self.notesLabel.setBuddy(self.notesText)
        self.consultationLabel.setBuddy(self.consultationText)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SessionEditor)

        QMetaObject.connectSlotsByName(SessionEditor)
    # setupUi

    def retranslateUi(self, SessionEditor):
        SessionEditor.setWindowTitle(QCoreApplication.translate("SessionEditor", u"Session", None))
#if QT_CONFIG(tooltip)
        self.startButton.setToolTip(QCoreApplication.translate("SessionEditor", u"Run the screening for the session's day, then treat", None))
#endif // QT_CONFIG(tooltip)
        self.startButton.setText(QCoreApplication.translate("SessionEditor", u"&Start session", None))
        self.bodyLabel.setText(QCoreApplication.translate("SessionEditor", u"Body:", None))
#if QT_CONFIG(accessibility)
        self.addAreaEdit.setAccessibleName(QCoreApplication.translate("SessionEditor", u"Add an area by name", None))
#endif // QT_CONFIG(accessibility)
        self.addAreaEdit.setPlaceholderText(QCoreApplication.translate("SessionEditor", u"Add an area by name\u2026", None))
        self.treatedAreasLabel.setText(QCoreApplication.translate("SessionEditor", u"<b>Treated areas</b>", None))
        self.removeButton.setText(QCoreApplication.translate("SessionEditor", u"&Remove area", None))
        self.sameButton.setText(QCoreApplication.translate("SessionEditor", u"Same as &last time", None))
        self.stepsBox.setTitle(QCoreApplication.translate("SessionEditor", u"Steps, products and lots", None))
        self.cleanseLabel.setText(QCoreApplication.translate("SessionEditor", u"Cleanse", None))
        self.peelLabel.setText(QCoreApplication.translate("SessionEditor", u"Peel (optional)", None))
        self.numbingProductLabel.setText(QCoreApplication.translate("SessionEditor", u"Numbing cream", None))
        self.numbingOnLabel.setText(QCoreApplication.translate("SessionEditor", u"on at", None))
        self.numbingOnEdit.setPlaceholderText(QCoreApplication.translate("SessionEditor", u"09:40", None))
        self.numbingOffLabel.setText(QCoreApplication.translate("SessionEditor", u"off at", None))
        self.numbingOffEdit.setPlaceholderText(QCoreApplication.translate("SessionEditor", u"10:05", None))
        self.antisepticLabel.setText(QCoreApplication.translate("SessionEditor", u"Antiseptic", None))
        self.deviceLabel.setText(QCoreApplication.translate("SessionEditor", u"Device", None))
        self.cartridgeLabel.setText(QCoreApplication.translate("SessionEditor", u"Needle cartridge", None))
        self.cartridgeLotLabel.setText(QCoreApplication.translate("SessionEditor", u"Cartridge lot", None))
        self.serumLabel.setText(QCoreApplication.translate("SessionEditor", u"Serum", None))
        self.serumLotLabel.setText(QCoreApplication.translate("SessionEditor", u"Serum lot", None))
        self.maskLabel.setText(QCoreApplication.translate("SessionEditor", u"Mask", None))
        self.finishingProductLabel.setText(QCoreApplication.translate("SessionEditor", u"Finishing product", None))
        self.activesLabel.setText(QCoreApplication.translate("SessionEditor", u"Hold off retinol and AHA", None))
        self.activesDays.setSuffix(QCoreApplication.translate("SessionEditor", u" days", None))
        self.notesBox.setTitle(QCoreApplication.translate("SessionEditor", u"Reactions and notes", None))
        self.reactionsLabel.setText(QCoreApplication.translate("SessionEditor", u"Reactions", None))
        self.adverseEventsLabel.setText(QCoreApplication.translate("SessionEditor", u"Adverse events", None))
        self.notesLabel.setText(QCoreApplication.translate("SessionEditor", u"Notes", None))
        self.consultationLabel.setText(QCoreApplication.translate("SessionEditor", u"Consultation", None))
        self.printButton.setText(QCoreApplication.translate("SessionEditor", u"&Print aftercare\u2026", None))
        self.saveButton.setText(QCoreApplication.translate("SessionEditor", u"Sa&ve", None))
#if QT_CONFIG(tooltip)
        self.saveButton.setToolTip(QCoreApplication.translate("SessionEditor", u"Save what is recorded (Ctrl+S)", None))
#endif // QT_CONFIG(tooltip)
        self.doneButton.setText(QCoreApplication.translate("SessionEditor", u"Mark &done\u2026", None))
#if QT_CONFIG(tooltip)
        self.doneButton.setToolTip(QCoreApplication.translate("SessionEditor", u"Save and mark the session done; asks first", None))
#endif // QT_CONFIG(tooltip)
        self.closeButton.setText(QCoreApplication.translate("SessionEditor", u"Close", None))
    # retranslateUi

