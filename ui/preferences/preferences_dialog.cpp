#include "preferences/preferences_dialog.hpp"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "models/http_status_style.hpp"

namespace asgiscope::ui {

namespace {

QSpinBox* spinBox(QWidget* parent, int lo, int hi, const QString& suffix, const char* name) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(lo, hi);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

}  // namespace

PreferencesDialog::PreferencesDialog(const AppSettings& settings, QWidget* parent)
    : QDialog(parent),
      host_(new QLineEdit(this)),
      port_(spinBox(this, 0, 65535, {}, "portBox")),
      storeCount_(spinBox(this, AppSettings::minTraceStoreCount, AppSettings::maxTraceStoreCount, {}, "storeCountBox")),
      storeMiB_(spinBox(this, AppSettings::minTraceStoreMiB, AppSettings::maxTraceStoreMiB, tr(" MiB"), "storeMiBBox")),
      hubTraces_(spinBox(this, AppSettings::minHubTraces, AppSettings::maxHubTraces, {}, "hubTracesBox")),
      bodyBytes_(spinBox(this, AppSettings::minBodyCaptureBytes, AppSettings::maxBodyCaptureBytes, tr(" bytes"), "bodyBytesBox")),
      tracing_(new QCheckBox(tr("Trace requests when asgiscope starts"), this)),
      language_(new QComboBox(this)),
      theme_(new QComboBox(this)),
      error_(new QLabel(this)) {
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    host_->setObjectName(QStringLiteral("hostEdit"));
    host_->setToolTip(tr("An IP address or a host name; 127.0.0.1 keeps the server on this machine"));
    port_->setToolTip(tr("0 picks a free port"));
    port_->setGroupSeparatorShown(false);

    auto* server = new QGroupBox(tr("Server (applied when the server starts next time)"), this);
    auto* serverForm = new QFormLayout(server);
    serverForm->addRow(tr("&Host:"), host_);
    serverForm->addRow(tr("&Port:"), port_);

    auto* traces = new QGroupBox(tr("Traces"), this);
    auto* traceForm = new QFormLayout(traces);
    storeCount_->setToolTip(tr("The window keeps at most this many traces; the oldest go first"));
    storeMiB_->setToolTip(tr("The window keeps at most about this much trace data"));
    hubTraces_->setToolTip(tr("The trace hub keeps this many recent traces for new subscribers "
                              "(applied on the next start of asgiscope)"));
    bodyBytes_->setToolTip(tr("Longer bodies are cut in traces (applied on the next start of asgiscope)"));
    traceForm->addRow(tr("Traces kept by the &window:"), storeCount_);
    traceForm->addRow(tr("Trace &memory:"), storeMiB_);
    traceForm->addRow(tr("Traces kept by the h&ub:"), hubTraces_);
    traceForm->addRow(tr("&Body capture:"), bodyBytes_);
    traceForm->addRow(QString(), tracing_);

    auto* look = new QGroupBox(tr("Appearance"), this);
    auto* lookForm = new QFormLayout(look);
    language_->setObjectName(QStringLiteral("languageBox"));
    language_->addItem(tr("System"), int(AppSettings::Language::System));
    // Each language names itself, so a user who cannot read the current one finds theirs.
    language_->addItem(QStringLiteral("English"), int(AppSettings::Language::English));
    language_->addItem(QStringLiteral("简体中文"), int(AppSettings::Language::SimplifiedChinese));
    language_->setToolTip(tr("Applied when asgiscope starts next time"));
    theme_->setObjectName(QStringLiteral("themeBox"));
    theme_->addItem(tr("System"), int(AppSettings::Theme::System));
    theme_->addItem(tr("Light"), int(AppSettings::Theme::Light));
    theme_->addItem(tr("Dark"), int(AppSettings::Theme::Dark));
    lookForm->addRow(tr("&Language:"), language_);
    lookForm->addRow(tr("&Theme:"), theme_);

    error_->setObjectName(QStringLiteral("preferencesError"));
    error_->setWordWrap(true);
    QPalette p = error_->palette();
    p.setColor(QPalette::WindowText, statusColor(500, isDarkPalette(p)));
    error_->setPalette(p);
    error_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(server);
    layout->addWidget(traces);
    layout->addWidget(look);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    setSettings(settings);
}

AppSettings PreferencesDialog::settings() const {
    AppSettings s;
    s.host = host_->text().trimmed();
    s.port = port_->value();
    s.traceStoreCount = storeCount_->value();
    s.traceStoreMiB = storeMiB_->value();
    s.hubTraces = hubTraces_->value();
    s.bodyCaptureBytes = bodyBytes_->value();
    s.tracingOnStart = tracing_->isChecked();
    s.language = AppSettings::Language(language_->currentData().toInt());
    s.theme = AppSettings::Theme(theme_->currentData().toInt());
    return s;
}

void PreferencesDialog::setSettings(const AppSettings& s) {
    host_->setText(s.host);
    port_->setValue(s.port);
    storeCount_->setValue(s.traceStoreCount);
    storeMiB_->setValue(s.traceStoreMiB);
    hubTraces_->setValue(s.hubTraces);
    bodyBytes_->setValue(s.bodyCaptureBytes);
    tracing_->setChecked(s.tracingOnStart);
    language_->setCurrentIndex(std::max(0, language_->findData(int(s.language))));
    theme_->setCurrentIndex(std::max(0, theme_->findData(int(s.theme))));
    error_->clear();
    error_->hide();
}

QString PreferencesDialog::errorText() const { return error_->text(); }

void PreferencesDialog::accept() {
    const QStringList errors = settings().validate();
    if (!errors.isEmpty()) {
        error_->setText(errors.join(u'\n'));
        error_->show();
        return;
    }
    error_->clear();
    error_->hide();
    QDialog::accept();
}

}  // namespace asgiscope::ui
