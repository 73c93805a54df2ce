// PreferencesDialog: Tools > Preferences: server address, trace caps, body capture, tracing
// at start, language and theme. It edits an AppSettings; accept() refuses invalid values and
// says why in the dialog.
#pragma once

#include <QDialog>

#include "models/app_settings.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace asgiscope::ui {

/// The Preferences dialog.
class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(const AppSettings& settings, QWidget* parent = nullptr);

    /// The values as edited now (not validated).
    AppSettings settings() const;
    void setSettings(const AppSettings& settings);
    /// What is wrong with the edited values, as shown in the dialog (empty: nothing).
    QString errorText() const;

    QLineEdit* hostEdit() const { return host_; }
    QSpinBox* portBox() const { return port_; }

public slots:
    /// Validates; on mistakes shows them and stays open, else closes with Accepted.
    void accept() override;

private:
    QLineEdit* host_;
    QSpinBox* port_;
    QSpinBox* storeCount_;
    QSpinBox* storeMiB_;
    QSpinBox* hubTraces_;
    QSpinBox* bodyBytes_;
    QCheckBox* tracing_;
    QComboBox* language_;
    QComboBox* theme_;
    QLabel* error_;
};

}  // namespace asgiscope::ui
