#include "models/composer_history.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSettings>

#include "models/http_status_style.hpp"

namespace asgiscope::ui {

ComposerHistory::ComposerHistory(QObject* parent) : QAbstractListModel(parent) {}

void ComposerHistory::add(const ComposerRequest& request, int status, const QDateTime& sentAt) {
    ComposerHistoryEntry e;
    // Stored as it will be read back: bodies cut to the cap.
    e.request = composerRequestFromJson(toJson(request, maxBodyChars));
    e.status = status;
    e.sentAt = sentAt;
    beginInsertRows({}, 0, 0);
    entries_.prepend(std::move(e));
    endInsertRows();
    trim();
    save();
}

void ComposerHistory::setCap(int cap) {
    cap_ = std::max(1, cap);
    trim();
}

void ComposerHistory::trim() {
    if (entries_.size() <= cap_) return;
    beginRemoveRows({}, cap_, int(entries_.size()) - 1);
    entries_.erase(entries_.begin() + cap_, entries_.end());
    endRemoveRows();
}

void ComposerHistory::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
    save();
}

void ComposerHistory::load() {
    QList<ComposerHistoryEntry> loaded;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QSettings().value(QLatin1String(settings_key)).toByteArray());
    for (const QJsonValue& v : doc.array()) {
        const QJsonObject o = v.toObject();
        if (!o.value(QStringLiteral("request")).isObject()) continue;
        ComposerHistoryEntry e;
        e.request = composerRequestFromJson(o.value(QStringLiteral("request")).toObject());
        e.status = o.value(QStringLiteral("status")).toInt();
        e.sentAt = QDateTime::fromString(o.value(QStringLiteral("sentAt")).toString(), Qt::ISODateWithMs);
        loaded << e;
        if (loaded.size() >= cap_) break;
    }
    beginResetModel();
    entries_ = std::move(loaded);
    endResetModel();
}

void ComposerHistory::save() const {
    QJsonArray a;
    for (const ComposerHistoryEntry& e : entries_)
        a.append(QJsonObject{{QStringLiteral("request"), toJson(e.request, maxBodyChars)},
                             {QStringLiteral("status"), e.status},
                             {QStringLiteral("sentAt"), e.sentAt.toString(Qt::ISODateWithMs)}});
    QSettings().setValue(QLatin1String(settings_key), QJsonDocument(a).toJson(QJsonDocument::Compact));
}

int ComposerHistory::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(entries_.size());
}

QVariant ComposerHistory::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const ComposerHistoryEntry& e = entries_.at(index.row());
    switch (role) {
        case Qt::DisplayRole: {
            const QString status = e.status > 0 ? QString::number(e.status) : tr("error");
            return tr("%1 %2 → %3").arg(e.request.method, e.request.url, status);
        }
        case Qt::ToolTipRole:
            return tr("Sent %1").arg(QLocale().toString(e.sentAt, QLocale::ShortFormat));
        case Qt::ForegroundRole: {
            const QColor c = statusColor(e.status);
            return c.isValid() ? QVariant(c) : QVariant();
        }
        default:
            return {};
    }
}

}  // namespace asgiscope::ui
