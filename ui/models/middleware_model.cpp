#include "middleware_model.hpp"

#include <QStringList>

#include <boost/json/serialize.hpp>

namespace asgiscope::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

MiddlewareModel::MiddlewareModel(QObject* parent) : QAbstractTableModel(parent) {}

QString MiddlewareModel::optionsText(const inspect::MiddlewareLayer& layer) {
    if (!layer.options) return tr("(options not described)");
    QStringList parts;
    for (const auto& [key, value] : *layer.options) {
        // Handlers have their own line; ServerErrorMiddleware's "layers" repeats the stack.
        if (key == "handler" || key == "handlers" || key == "layers") continue;
        QString text = value.is_string() ? qs(std::string(value.as_string()))
                                         : qs(boost::json::serialize(value));
        if (value.is_string()) text = QLatin1Char('\'') + text + QLatin1Char('\'');
        parts << QString::fromUtf8(key.data(), qsizetype(key.size())) + QLatin1Char('=') + text;
    }
    return parts.join(QLatin1String(", "));
}

QString MiddlewareModel::durationText(std::int64_t ns) {
    if (ns < 1000) return tr("%1 ns").arg(ns);
    if (ns < 1000000) return tr("%1 µs").arg(double(ns) / 1e3, 0, 'f', 1);
    if (ns < 1000000000) return tr("%1 ms").arg(double(ns) / 1e6, 0, 'f', 1);
    return tr("%1 s").arg(double(ns) / 1e9, 0, 'f', 2);
}

void MiddlewareModel::setDescription(const inspect::AppDescription& description) {
    beginResetModel();
    layers_.clear();
    for (const auto& m : description.middleware) {
        Layer l;
        l.info = m;
        l.options = optionsText(m);
        l.stats.name = m.name;
        layers_.push_back(std::move(l));
    }
    endResetModel();
}

void MiddlewareModel::setStats(const inspect::LiveStatsSnapshot& stats) {
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        Layer& l = layers_[i];
        inspect::LayerStats fresh;
        fresh.name = l.info.name;
        if (const auto* s = stats.find_layer(l.info.name)) fresh = *s;
        const auto& a = l.stats;
        if (a.requests == fresh.requests && a.short_circuits == fresh.short_circuits &&
            a.errors == fresh.errors && a.handled == fresh.handled &&
            a.self_time.mean_ns == fresh.self_time.mean_ns &&
            a.self_time.p95_ns == fresh.self_time.p95_ns)
            continue;
        l.stats = std::move(fresh);
        emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
}

QString MiddlewareModel::statsText(const Layer& l) const {
    const auto& s = l.stats;
    QString text = (s.requests == 1 ? tr("1 request") : tr("%1 requests").arg(s.requests)) +
                   QStringLiteral(" · ") +
                   (s.short_circuits == 1 ? tr("1 short-circuit")
                                          : tr("%1 short-circuits").arg(s.short_circuits)) +
                   QStringLiteral(" · ") +
                   (s.errors == 1 ? tr("1 error") : tr("%1 errors").arg(s.errors));
    if (s.handled)
        text += QStringLiteral(" (") + tr("%1 handled").arg(s.handled) + QLatin1Char(')');
    if (s.requests)
        text += QStringLiteral(" · ") +
                tr("self %1 mean, %2 p95")
                    .arg(durationText(s.self_time.mean_ns), durationText(s.self_time.p95_ns));
    return text;
}

int MiddlewareModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(layers_.size());
}

int MiddlewareModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MiddlewareModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || std::size_t(index.row()) >= layers_.size()) return {};
    const Layer& l = layers_[std::size_t(index.row())];
    QStringList handlers;
    for (const auto& h : l.info.exception_handlers) handlers << qs(h);
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case LayerColumn:
                    return qs(l.info.name);
                case OptionsColumn:
                    return l.options;
                case HandlersColumn:
                    return handlers.join(QLatin1String(", "));
                case RequestsColumn:
                    return QString::number(l.stats.requests);
                case ShortCircuitsColumn:
                    return QString::number(l.stats.short_circuits);
                case ErrorsColumn:
                    return QString::number(l.stats.errors);
                case MeanSelfColumn:
                    return l.stats.requests ? durationText(l.stats.self_time.mean_ns) : QString();
                case P95SelfColumn:
                    return l.stats.requests ? durationText(l.stats.self_time.p95_ns) : QString();
            }
            return {};
        case Qt::ToolTipRole: {
            QString tip = qs(l.info.name) +
                          (l.info.user ? tr(" (added by the application)") : tr(" (built in)"));
            tip += QLatin1Char('\n') + tr("options: %1").arg(l.options);
            if (!handlers.isEmpty())
                tip += QLatin1Char('\n') +
                       tr("exception handlers: %1").arg(handlers.join(QLatin1String(", ")));
            tip += QLatin1Char('\n') + statsText(l);
            return tip;
        }
        case OptionsTextRole:
            return l.options;
        case HandlersTextRole:
            return handlers.join(QLatin1String(", "));
        case StatsTextRole:
            return statsText(l);
        case UserLayerRole:
            return l.info.user;
        case RequestsRole:
            return QVariant::fromValue<qulonglong>(l.stats.requests);
        case ShortCircuitsRole:
            return QVariant::fromValue<qulonglong>(l.stats.short_circuits);
        case ErrorsRole:
            return QVariant::fromValue<qulonglong>(l.stats.errors);
        case HandledRole:
            return QVariant::fromValue<qulonglong>(l.stats.handled);
        case MeanSelfRole:
            return QVariant::fromValue<qlonglong>(l.stats.self_time.mean_ns);
        case P95SelfRole:
            return QVariant::fromValue<qlonglong>(l.stats.self_time.p95_ns);
    }
    return {};
}

QVariant MiddlewareModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case LayerColumn:
            return tr("Layer");
        case OptionsColumn:
            return tr("Options");
        case HandlersColumn:
            return tr("Exception handlers");
        case RequestsColumn:
            return tr("Requests");
        case ShortCircuitsColumn:
            return tr("Short-circuits");
        case ErrorsColumn:
            return tr("Errors");
        case MeanSelfColumn:
            return tr("Self (mean)");
        case P95SelfColumn:
            return tr("Self (p95)");
    }
    return {};
}

}  // namespace asgiscope::ui
