# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'paper_consent_dialog.ui'
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
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_PaperConsentDialog(object):
    def setupUi(self, PaperConsentDialog):
        if not PaperConsentDialog.objectName():
            PaperConsentDialog.setObjectName(u"PaperConsentDialog")
        self.layout = QVBoxLayout(PaperConsentDialog)
        self.layout.setObjectName(u"layout")
        self.columnsLayout = QHBoxLayout()
        self.columnsLayout.setObjectName(u"columnsLayout")
        self.scanPreview = QLabel(PaperConsentDialog)
        self.scanPreview.setObjectName(u"scanPreview")
        self.scanPreview.setMinimumSize(QSize(300, 300))
        self.scanPreview.setMaximumSize(QSize(300, 300))
        self.scanPreview.setStyleSheet(u"QLabel { background: #eceff1; border: 1px solid #b0bec5; }")
        self.scanPreview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scanPreview.setWordWrap(True)

        self.columnsLayout.addWidget(self.scanPreview, 0, Qt.AlignmentFlag.AlignTop)

        self.detailsLayout = QVBoxLayout()
        self.detailsLayout.setObjectName(u"detailsLayout")
        self.detailsForm = QFormLayout()
        self.detailsForm.setObjectName(u"detailsForm")
        self.detailsForm.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.scanLabel = QLabel(PaperConsentDialog)
        self.scanLabel.setObjectName(u"scanLabel")

        self.detailsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.scanLabel)

        self.scanName = QLabel(PaperConsentDialog)
        self.scanName.setObjectName(u"scanName")
        self.scanName.setTextFormat(Qt.TextFormat.PlainText)
        self.scanName.setWordWrap(True)

        self.detailsForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.scanName)

        self.signedOnLabel = QLabel(PaperConsentDialog)
        self.signedOnLabel.setObjectName(u"signedOnLabel")

        self.detailsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.signedOnLabel)

        self.signedOnEdit = QLineEdit(PaperConsentDialog)
        self.signedOnEdit.setObjectName(u"signedOnEdit")

        self.detailsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.signedOnEdit)

        self.witnessLabel = QLabel(PaperConsentDialog)
        self.witnessLabel.setObjectName(u"witnessLabel")

        self.detailsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.witnessLabel)

        self.witnessEdit = QLineEdit(PaperConsentDialog)
        self.witnessEdit.setObjectName(u"witnessEdit")

        self.detailsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.witnessEdit)


        self.detailsLayout.addLayout(self.detailsForm)

        self.detailsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.detailsLayout.addItem(self.detailsSpacer)

        self.cannotChangeNote = QLabel(PaperConsentDialog)
        self.cannotChangeNote.setObjectName(u"cannotChangeNote")
        self.cannotChangeNote.setEnabled(False)
        self.cannotChangeNote.setWordWrap(True)

        self.detailsLayout.addWidget(self.cannotChangeNote)


        self.columnsLayout.addLayout(self.detailsLayout)

        self.columnsLayout.setStretch(1, 1)

        self.layout.addLayout(self.columnsLayout)

        self.paperProblems = QLabel(PaperConsentDialog)
        self.paperProblems.setObjectName(u"paperProblems")
        self.paperProblems.setVisible(False)
        self.paperProblems.setStyleSheet(u"QLabel { background: #fdecea; color: #8e1b1b; border: 1px solid #f3b7b2; border-radius: 4px; padding: 8px; }")
        self.paperProblems.setWordWrap(True)

        self.layout.addWidget(self.paperProblems)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.cancelButton = QPushButton(PaperConsentDialog)
        self.cancelButton.setObjectName(u"cancelButton")

        self.buttonsLayout.addWidget(self.cancelButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.saveButton = QPushButton(PaperConsentDialog)
        self.saveButton.setObjectName(u"saveButton")

        self.buttonsLayout.addWidget(self.saveButton)


        self.layout.addLayout(self.buttonsLayout)

        self.layout.setStretch(0, 1)
#if QT_CONFIG(shortcut)
        self.signedOnLabel.setBuddy(self.signedOnEdit)
        self.witnessLabel.setBuddy(self.witnessEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(PaperConsentDialog)

        QMetaObject.connectSlotsByName(PaperConsentDialog)
    # setupUi

    def retranslateUi(self, PaperConsentDialog):
        PaperConsentDialog.setWindowTitle(QCoreApplication.translate("PaperConsentDialog", u"Consent signed on paper", None))
        self.scanLabel.setText(QCoreApplication.translate("PaperConsentDialog", u"Scan", None))
        self.signedOnLabel.setText(QCoreApplication.translate("PaperConsentDialog", u"Signed &on", None))
        self.witnessLabel.setText(QCoreApplication.translate("PaperConsentDialog", u"&Witnessed by", None))
        self.witnessEdit.setPlaceholderText(QCoreApplication.translate("PaperConsentDialog", u"Who saw the client sign", None))
        self.cannotChangeNote.setText(QCoreApplication.translate("PaperConsentDialog", u"Once saved, a consent cannot be changed; it can only be withdrawn.", None))
        self.cancelButton.setText(QCoreApplication.translate("PaperConsentDialog", u"Cancel", None))
        self.saveButton.setText(QCoreApplication.translate("PaperConsentDialog", u"&Save the paper consent\u2026", None))
    # retranslateUi

