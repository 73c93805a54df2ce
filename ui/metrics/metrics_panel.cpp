#include "metrics/metrics_panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "models/metrics_model.hpp"

namespace asgiscope::ui {

namespace {

const QColor classColors[statusClassCount] = {
    QColor(0x90, 0xa4, 0xae),  // 1xx grey-blue
    QColor(0x43, 0xa0, 0x47),  // 2xx green
    QColor(0x1e, 0x88, 0xe5),  // 3xx blue
    QColor(0xfb, 0x8c, 0x00),  // 4xx amber
    QColor(0xe5, 0x39, 0x35),  // 5xx red
    QColor(0x42, 0x42, 0x42),  // no response
};

QString binLabel(double ms) {
    if (ms < 1) return QCoreApplication::translate("MetricsPanel", "%1 µs").arg(ms * 1000, 0, 'g', 3);
    if (ms < 1000) return QCoreApplication::translate("MetricsPanel", "%1 ms").arg(ms, 0, 'g', 3);
    return QCoreApplication::translate("MetricsPanel", "%1 s").arg(ms / 1000, 0, 'g', 3);
}

}  // namespace

MetricsPanel::MetricsPanel(TraceStore* store, QWidget* parent)
    : QWidget(parent), model_(new MetricsModel(this)) {
    setObjectName(QStringLiteral("metricsPanel"));

    window_ = new QComboBox(this);
    window_->setObjectName(QStringLiteral("metricsWindow"));
    window_->addItem(tr("Last minute"), 60);
    window_->addItem(tr("Last 5 minutes"), 300);
    window_->addItem(tr("Last 15 minutes"), 900);
    window_->addItem(tr("All"), 0);
    window_->setToolTip(tr("The time window the plots show, ending at the newest trace."));

    follow_ = new QCheckBox(tr("Follow live"), this);
    follow_->setObjectName(QStringLiteral("metricsFollow"));
    follow_->setChecked(true);
    follow_->setToolTip(tr("Keep the newest traffic in view. Dragging or zooming a plot turns it off."));

    route_ = new QComboBox(this);
    route_->setObjectName(QStringLiteral("metricsRoute"));
    route_->setMinimumContentsLength(14);
    route_->setToolTip(tr("The route whose latency histogram is shown."));

    export_ = new QToolButton(this);
    export_->setObjectName(QStringLiteral("metricsExport"));
    export_->setText(tr("Export"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(export_);
    menu->addAction(tr("Save plot as PNG…"), this, [this] { exportCurrentPlot(QStringLiteral("png")); });
    menu->addAction(tr("Save plot as PDF…"), this, [this] { exportCurrentPlot(QStringLiteral("pdf")); });
    export_->setMenu(menu);

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("metricsSummary"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(window_);
    bar->addWidget(follow_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Route:"), this));
    bar->addWidget(route_);
    bar->addStretch(1);
    bar->addWidget(summary_);
    bar->addWidget(export_);

    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    plots_[RequestsPlot] = makePlot(tr("requests/s"), true);
    plots_[LatencyPlot] = makePlot(tr("latency (ms)"), true);
    plots_[StatusPlot] = makePlot(tr("responses/s"), true);
    plots_[HistogramPlot] = makePlot(tr("requests"), false);
    tabs_->addTab(plots_[RequestsPlot], tr("Requests/s"));
    tabs_->addTab(plots_[LatencyPlot], tr("Latency"));
    tabs_->addTab(plots_[StatusPlot], tr("Status classes"));
    tabs_->addTab(plots_[HistogramPlot], tr("Route histogram"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(tabs_, 1);

    // Requests/s: one step line.
    QCPGraph* requests = plots_[RequestsPlot]->addGraph();
    requests->setName(tr("requests/s"));
    requests->setLineStyle(QCPGraph::lsStepLeft);
    requests->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 1.5));
    requests->setBrush(QColor(0x1e, 0x88, 0xe5, 40));

    // Latency: p50, p95, p99.
    const QColor latencyColors[3] = {QColor(0x43, 0xa0, 0x47), QColor(0xfb, 0x8c, 0x00),
                                     QColor(0xe5, 0x39, 0x35)};
    const QString latencyNames[3] = {tr("p50"), tr("p95"), tr("p99")};
    for (int i = 0; i < 3; ++i) {
        QCPGraph* g = plots_[LatencyPlot]->addGraph();
        g->setName(latencyNames[i]);
        g->setPen(QPen(latencyColors[i], 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    }
    plots_[LatencyPlot]->legend->setVisible(true);

    // Status classes: stacked bars, 1xx at the bottom.
    const QString classNames[statusClassCount] = {tr("1xx"), tr("2xx"), tr("3xx"),
                                                  tr("4xx"), tr("5xx"), tr("no response")};
    for (int i = 0; i < statusClassCount; ++i) {
        auto* bars = new QCPBars(plots_[StatusPlot]->xAxis, plots_[StatusPlot]->yAxis);
        bars->setName(classNames[i]);
        bars->setWidth(0.9);
        bars->setPen(Qt::NoPen);
        bars->setBrush(classColors[i]);
        bars->setStackingGap(0);
        if (i > 0) bars->moveAbove(statusBars_[i - 1]);
        statusBars_[i] = bars;
    }
    plots_[StatusPlot]->legend->setVisible(true);

    // Histogram: one bar per log-spaced bin, labelled at each decade.
    histogramBars_ = new QCPBars(plots_[HistogramPlot]->xAxis, plots_[HistogramPlot]->yAxis);
    histogramBars_->setName(tr("requests"));
    histogramBars_->setWidth(0.9);
    histogramBars_->setPen(Qt::NoPen);
    histogramBars_->setBrush(QColor(0x5e, 0x35, 0xb1));
    QSharedPointer<QCPAxisTickerText> binTicks(new QCPAxisTickerText);
    for (int i = 0; i <= MetricsModel::histogramBins; i += MetricsModel::binsPerDecade)
        binTicks->addTick(i - 0.5, binLabel(MetricsModel::binLowerMs(i)));
    plots_[HistogramPlot]->xAxis->setTicker(binTicks);
    plots_[HistogramPlot]->xAxis->setLabel(tr("latency"));
    plots_[HistogramPlot]->xAxis->setRange(-1, MetricsModel::histogramBins);

    // The three time plots share their time range.
    for (Plot p : {RequestsPlot, LatencyPlot, StatusPlot}) {
        QCustomPlot* plot = plots_[p];
        connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this, plot](const QCPRange& range) {
                    if (syncingRange_) return;
                    syncingRange_ = true;
                    for (Plot q : {RequestsPlot, LatencyPlot, StatusPlot})
                        if (plots_[q] != plot) {
                            plots_[q]->xAxis->setRange(range);
                            plots_[q]->replot(QCustomPlot::rpQueuedReplot);
                        }
                    syncingRange_ = false;
                });
        // Dragging or zooming means the user wants to look somewhere: stop following.
        connect(plot, &QCustomPlot::mousePress, this, [this] { setFollowLive(false); });
        connect(plot, &QCustomPlot::mouseWheel, this, [this] { setFollowLive(false); });
    }

    timer_ = new QTimer(this);
    timer_->setInterval(redrawIntervalMs);
    connect(timer_, &QTimer::timeout, this, [this] {
        // A dock tabbed behind another stays "visible" but is moved off screen: nothing of it
        // shows, so it stays dirty until its tab is chosen.
        if (dirty_ && !visibleRegion().isEmpty()) redraw();
    });
    connect(model_, &MetricsModel::changed, this, [this] { dirty_ = true; });
    connect(window_, &QComboBox::currentIndexChanged, this, [this] {
        setFollowLive(true);
        redraw();
    });
    connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) redraw();
    });
    connect(route_, &QComboBox::currentIndexChanged, this, [this] { redrawHistogram(); });

    model_->setStore(store);
    redraw();
}

MetricsPanel::~MetricsPanel() = default;

QCustomPlot* MetricsPanel::makePlot(const QString& yLabel, bool timeAxis) {
    auto* plot = new QCustomPlot(this);
    plot->setMinimumSize(240, 140);
    plot->yAxis->setLabel(yLabel);
    plot->yAxis->setRange(0, 1);
    plot->setNoAntialiasingOnDrag(true);
    if (timeAxis) {
        QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
        ticker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
        plot->xAxis->setTicker(ticker);
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plot->axisRect()->setRangeDrag(Qt::Horizontal);
        plot->axisRect()->setRangeZoom(Qt::Horizontal);
        const double now = static_cast<double>(QDateTime::currentSecsSinceEpoch());
        plot->xAxis->setRange(now - 60, now);
    }
    plot->legend->setFont(font());
    // The newest data is on the right: keep the legend out of its way.
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    return plot;
}

QCustomPlot* MetricsPanel::currentPlot() const {
    return qobject_cast<QCustomPlot*>(tabs_->currentWidget());
}

void MetricsPanel::setCurrentPlot(Plot which) { tabs_->setCurrentWidget(plots_[which]); }

int MetricsPanel::windowSeconds() const { return window_->currentData().toInt(); }

void MetricsPanel::setWindowSeconds(int seconds) {
    const int i = window_->findData(seconds);
    if (i >= 0) window_->setCurrentIndex(i);
}

bool MetricsPanel::followLive() const { return follow_->isChecked(); }

void MetricsPanel::setFollowLive(bool follow) { follow_->setChecked(follow); }

void MetricsPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    timer_->start();
    if (dirty_) redraw();
}

void MetricsPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    timer_->stop();  // a hidden panel costs nothing; it catches up when shown
}

void MetricsPanel::applyTimeRange(double from, double to) {
    syncingRange_ = true;
    for (Plot p : {RequestsPlot, LatencyPlot, StatusPlot}) plots_[p]->xAxis->setRange(from, to);
    syncingRange_ = false;
}

void MetricsPanel::redraw() {
    dirty_ = false;
    const int window = windowSeconds();
    const std::vector<MetricsPoint> points = model_->series(window);

    QVector<double> keys, requests, barKeys;
    QVector<double> pct[3];
    QVector<double> classes[statusClassCount];
    double maxRequests = 0, maxLatency = 0;
    int inWindow = 0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const MetricsPoint& p : points) {
        const double t = static_cast<double>(p.second);
        keys << t;
        requests << p.requests;
        maxRequests = std::max(maxRequests, double(p.requests));
        inWindow += p.requests;
        // Latency points sit mid-second; seconds without samples break the lines.
        barKeys << t + 0.5;
        const bool has = p.latencySamples > 0;
        pct[0] << (has ? p.p50 : nan);
        pct[1] << (has ? p.p95 : nan);
        pct[2] << (has ? p.p99 : nan);
        if (has) maxLatency = std::max(maxLatency, p.p99);
        for (int c = 0; c < statusClassCount; ++c) classes[c] << p.statusClasses[static_cast<std::size_t>(c)];
    }
    // A step line needs the end of its last second to show it.
    QVector<double> stepKeys = keys, stepValues = requests;
    if (!keys.isEmpty()) {
        stepKeys << keys.back() + 1;
        stepValues << 0;
    }
    plots_[RequestsPlot]->graph(0)->setData(stepKeys, stepValues, true);
    plots_[RequestsPlot]->yAxis->setRange(0, std::max(1.0, maxRequests * 1.15));
    for (int i = 0; i < 3; ++i) plots_[LatencyPlot]->graph(i)->setData(barKeys, pct[i], true);
    plots_[LatencyPlot]->yAxis->setRange(0, maxLatency > 0 ? maxLatency * 1.15 : 1.0);
    for (int c = 0; c < statusClassCount; ++c) statusBars_[c]->setData(barKeys, classes[c], true);
    plots_[StatusPlot]->yAxis->setRange(0, std::max(1.0, maxRequests * 1.15));

    if (followLive() && !model_->isEmpty()) {
        const double last = static_cast<double>(model_->lastSecond()) + 1;
        const double first = window > 0 ? last - window : static_cast<double>(model_->firstSecond());
        applyTimeRange(first, std::max(last, first + 1));
    }

    // Route list: keep the chosen route when it is still there.
    const QStringList routes = model_->routes();
    QStringList shown;
    for (int i = 0; i < route_->count(); ++i) shown << route_->itemText(i);
    if (routes != shown) {
        const QString current = route_->currentText();
        const QSignalBlocker block(route_);
        route_->clear();
        route_->addItems(routes);
        const int i = routes.indexOf(current);
        route_->setCurrentIndex(i >= 0 ? i : (routes.isEmpty() ? -1 : 0));
    }
    redrawHistogram();

    summary_->setText(tr("Requests in the window: %1 of %2 in the session.")
                          .arg(inWindow)
                          .arg(model_->totalRequests()));
    for (Plot p : {RequestsPlot, LatencyPlot, StatusPlot}) plots_[p]->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPanel::redrawHistogram() {
    const std::vector<std::uint64_t> bins = model_->histogram(route_->currentText(), windowSeconds());
    QVector<double> keys, values;
    double maxCount = 0;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        keys << static_cast<double>(i);
        values << static_cast<double>(bins[i]);
        maxCount = std::max(maxCount, static_cast<double>(bins[i]));
    }
    histogramBars_->setData(keys, values, true);
    plots_[HistogramPlot]->yAxis->setRange(0, std::max(1.0, maxCount * 1.15));
    plots_[HistogramPlot]->replot(QCustomPlot::rpQueuedReplot);
}

bool MetricsPanel::savePlot(Plot which, const QString& path, QString* error) const {
    QCustomPlot* plot = plots_[which];
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Export at the plot's size, or a readable default when it was never laid out.
    const int w = plot->width() > 100 ? plot->width() : 800;
    const int h = plot->height() > 80 ? plot->height() : 450;
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, w, h);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, w, h);
    } else {
        if (error) *error = tr("Cannot save as \"%1\": the file name must end in .png or .pdf.").arg(path);
        return false;
    }
    if (!ok && error) {
        const QFileInfo dir(QFileInfo(path).absolutePath());
        *error = !dir.isDir()        ? tr("Cannot save \"%1\": the folder does not exist.").arg(path)
                 : !dir.isWritable() ? tr("Cannot save \"%1\": the folder is not writable.").arg(path)
                                     : tr("Cannot save \"%1\": the file could not be written.").arg(path);
    }
    return ok;
}

void MetricsPanel::exportCurrentPlot(const QString& format) {
    const bool pdf = format == QLatin1String("pdf");
    QString path = QFileDialog::getSaveFileName(
        this, pdf ? tr("Save plot as PDF") : tr("Save plot as PNG"),
        tabs_->tabText(tabs_->currentIndex()).replace(u'/', u'-') + (pdf ? ".pdf" : ".png"),
        pdf ? tr("PDF documents (*.pdf)") : tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += pdf ? ".pdf" : ".png";
    QString error;
    if (!savePlot(static_cast<Plot>(tabs_->currentIndex()), path, &error))
        QMessageBox::critical(this, tr("Export failed"), error);
}

}  // namespace asgiscope::ui
