#include "models/replay_results_model.hpp"

#include <algorithm>
#include <set>

#include <QBrush>
#include <QFont>

#include "models/body_format.hpp"
#include "models/http_status_style.hpp"

namespace asgiscope::ui {

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// Every value of header `name` (lower case) joined with ", "; empty when absent.
QString headerValues(const asgi::Headers& headers, const QString& name) {
    QStringList values;
    for (const auto& [n, v] : headers)
        if (qs(n).toLower() == name) values << qs(v);
    return values.join(QStringLiteral(", "));
}

QString contentType(const std::optional<trace::ResponseRecord>& response) {
    return response ? headerValues(response->headers, QStringLiteral("content-type")) : QString();
}

QString statusText(const std::optional<trace::ResponseRecord>& response) {
    if (!response) return {};
    QString text = QString::number(response->status);
    if (!response->reason.empty()) text += QLatin1Char(' ') + qs(response->reason);
    return text;
}

}  // namespace

QStringList replayShownHeaders() {
    return {QStringLiteral("content-type"),
            QStringLiteral("content-length"),
            QStringLiteral("content-encoding"),
            QStringLiteral("location"),
            QStringLiteral("set-cookie"),
            QStringLiteral("cache-control"),
            QStringLiteral("expires"),
            QStringLiteral("etag"),
            QStringLiteral("last-modified"),
            QStringLiteral("vary"),
            QStringLiteral("allow"),
            QStringLiteral("www-authenticate")};
}

ReplayComparison compareForDisplay(const trace::Exchange& recorded,
                                   const trace::ReplayResult& result) {
    ReplayComparison c;
    for (const auto& d : result.differences) c.differences << qs(d);
    for (const auto& n : result.notes) c.notes << qs(n);
    c.error = qs(result.error);
    const auto& a = recorded.response;
    const auto& b = result.replayed.response;

    // Header names the core found different: "header NAME: old -> new".
    std::set<QString> different;
    for (const QString& d : c.differences)
        if (d.startsWith(QLatin1String("header ")))
            different.insert(d.mid(7).section(QLatin1Char(':'), 0, 0));

    ComparisonField status;
    status.name = QStringLiteral("status");
    status.original = statusText(a);
    status.replayed = statusText(b);
    status.differs = a && b ? a->status != b->status : a.has_value() != b.has_value();
    c.fields << status;

    QStringList names = replayShownHeaders();
    for (const QString& name : different)
        if (!names.contains(name)) names << name;
    for (const QString& name : names) {
        ComparisonField f;
        f.name = name;
        f.original = a ? headerValues(a->headers, name) : QString();
        f.replayed = b ? headerValues(b->headers, name) : QString();
        if (f.original.isEmpty() && f.replayed.isEmpty()) continue;
        f.differs = different.count(name) > 0 ||
                    (name == QLatin1String("content-length") && f.original != f.replayed);
        c.fields << f;
    }

    if (recorded.kind == trace::TraceKind::websocket) {
        // A session compares its server messages: one line each.
        auto lines = [](const trace::Exchange& x) {
            DiffBody body;
            for (const auto& f : x.frames) {
                if (f.from_client) continue;
                const QByteArray data = toByteArray(f.data);
                body.lines << (f.text ? QString::fromUtf8(data)
                                      : QStringLiteral("(binary) %1")
                                            .arg(QString::fromLatin1(data.toHex(' '))));
            }
            body.mode = body.lines.isEmpty() ? DiffBodyMode::Empty : DiffBodyMode::Text;
            return body;
        };
        c.originalBody = lines(recorded);
        c.replayedBody = lines(result.replayed);
    } else {
        if (a) c.originalBody = diffBody(toByteArray(a->body), contentType(a));
        if (b) c.replayedBody = diffBody(toByteArray(b->body), contentType(b));
    }
    c.bodyDiff = diffLines(c.originalBody.lines, c.replayedBody.lines);
    return c;
}

ReplayResultsModel::ReplayResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

int ReplayResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ReplayResultsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReplayResultsModel::verdictText(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pending:
            return tr("pending");
        case Verdict::Running:
            return tr("replaying…");
        case Verdict::Same:
            return tr("same");
        case Verdict::Different:
            return tr("different");
        case Verdict::Error:
            return tr("error");
        case Verdict::Skipped:
            return tr("not replayed");
    }
    return {};
}

QVariant ReplayResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[std::size_t(index.row())];
    const bool ws = row.recorded.kind == trace::TraceKind::websocket;
    const auto& replayed =
        row.result ? row.result->replayed.response : std::optional<trace::ResponseRecord>();
    if (role == VerdictRole) return QVariant::fromValue(row.verdict);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
            case IndexColumn:
                return index.row() + 1;
            case MethodColumn:
                return ws ? QStringLiteral("WS") : qs(row.recorded.request.method);
            case UrlColumn: {
                // The path and query: the host is the target's, whatever was recorded.
                const QString url = qs(row.recorded.request.url);
                if (role == Qt::ToolTipRole) return url;
                const qsizetype scheme = url.indexOf(QLatin1String("://"));
                if (scheme < 0) return url;
                const qsizetype path = url.indexOf(QLatin1Char('/'), scheme + 3);
                return path < 0 ? QStringLiteral("/") : url.mid(path);
            }
            case OriginalColumn:
                return row.recorded.response ? QVariant(row.recorded.response->status)
                                             : QVariant(tr("—"));
            case ReplayedColumn:
                if (replayed) return replayed->status;
                return row.result && !row.result->error.empty() ? QVariant(tr("—")) : QVariant();
            case VerdictColumn:
                if (role == Qt::ToolTipRole && row.result) {
                    QStringList lines;
                    if (!row.result->error.empty()) lines << qs(row.result->error);
                    for (const auto& d : row.result->differences) lines << qs(d);
                    return lines.join(QLatin1Char('\n'));
                }
                return verdictText(row.verdict);
            case TimeColumn:
                if (!row.result || row.verdict == Verdict::Skipped) return {};
                return QString::number(double(row.result->duration.count()) / 1e6, 'f', 1);
        }
        return {};
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == OriginalColumn && row.recorded.response)
            if (QColor c = statusColor(row.recorded.response->status); c.isValid())
                return QBrush(c);
        if (index.column() == ReplayedColumn && replayed)
            if (QColor c = statusColor(replayed->status); c.isValid()) return QBrush(c);
        if (index.column() == VerdictColumn) {
            switch (row.verdict) {
                case Verdict::Same:
                    return QBrush(QColor(0x2e, 0x8b, 0x3e));
                case Verdict::Different:
                    return QBrush(QColor(0xc7, 0x7c, 0x02));
                case Verdict::Error:
                    return QBrush(QColor(0xc6, 0x28, 0x28));
                default:
                    return QBrush(QColor(0x80, 0x80, 0x80));
            }
        }
    }
    if (role == Qt::FontRole && index.column() == VerdictColumn &&
        (row.verdict == Verdict::Different || row.verdict == Verdict::Error)) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == IndexColumn || index.column() == TimeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ReplayResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case IndexColumn:
            return tr("#");
        case MethodColumn:
            return tr("Method");
        case UrlColumn:
            return tr("Path");
        case OriginalColumn:
            return tr("Original");
        case ReplayedColumn:
            return tr("Replayed");
        case VerdictColumn:
            return tr("Verdict");
        case TimeColumn:
            return tr("ms");
    }
    return {};
}

void ReplayResultsModel::setExchanges(std::vector<trace::Exchange> exchanges) {
    beginResetModel();
    rows_.clear();
    rows_.reserve(exchanges.size());
    for (auto& x : exchanges) {
        Row row;
        row.recorded = std::move(x);
        rows_.push_back(std::move(row));
    }
    endResetModel();
}

void ReplayResultsModel::setRequest(int row, const trace::RequestRecord& request) {
    if (row < 0 || row >= rowCount()) return;
    Row& r = rows_[std::size_t(row)];
    r.recorded.request = request;
    r.result.reset();
    r.verdict = Verdict::Pending;
    rowChanged(row);
}

void ReplayResultsModel::setRunning(int row) {
    if (row < 0 || row >= rowCount()) return;
    rows_[std::size_t(row)].verdict = Verdict::Running;
    rowChanged(row);
}

void ReplayResultsModel::setResult(int row, trace::ReplayResult result) {
    if (row < 0 || row >= rowCount()) return;
    Row& r = rows_[std::size_t(row)];
    switch (result.outcome) {
        case trace::ReplayOutcome::same:
            r.verdict = Verdict::Same;
            break;
        case trace::ReplayOutcome::different:
            r.verdict = Verdict::Different;
            break;
        case trace::ReplayOutcome::error:
            r.verdict = Verdict::Error;
            break;
        case trace::ReplayOutcome::skipped:
            r.verdict = Verdict::Skipped;
            break;
    }
    result.index = std::size_t(row);
    r.result = std::move(result);
    rowChanged(row);
}

void ReplayResultsModel::skipUnfinished() {
    for (int row = 0; row < rowCount(); ++row) {
        Row& r = rows_[std::size_t(row)];
        if (r.verdict == Verdict::Pending || r.verdict == Verdict::Running) {
            r.verdict = Verdict::Skipped;
            rowChanged(row);
        }
    }
}

int ReplayResultsModel::count(Verdict verdict) const {
    return static_cast<int>(std::count_if(rows_.begin(), rows_.end(),
                                          [&](const Row& r) { return r.verdict == verdict; }));
}

QString ReplayResultsModel::summary() const {
    return tr("%1 requests: %2 same, %3 different, %4 errors, %5 not replayed")
        .arg(rowCount())
        .arg(count(Verdict::Same))
        .arg(count(Verdict::Different))
        .arg(count(Verdict::Error))
        .arg(count(Verdict::Skipped) + count(Verdict::Pending) + count(Verdict::Running));
}

void ReplayResultsModel::rowChanged(int row) {
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

}  // namespace asgiscope::ui
