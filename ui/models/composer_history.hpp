// ComposerHistory: the requests the Composer sent, newest first, kept in QSettings between
// sessions (capped in count and in body size).
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>

#include "models/composer_request.hpp"

namespace asgiscope::ui {

/// One sent request and what came of it.
struct ComposerHistoryEntry {
    ComposerRequest request;
    QDateTime sentAt;
    int status = 0;  ///< 0: no response (an error)
};

/// A list model of sent requests ("POST /echo → 200"); the newest is row 0.
class ComposerHistory : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int defaultCap = 100;
    /// Each body text is cut to this many characters when stored.
    static constexpr int maxBodyChars = 64 * 1024;
    static constexpr const char* settings_key = "composer/history";

    explicit ComposerHistory(QObject* parent = nullptr);

    /// Adds an entry at the top, dropping the oldest beyond the cap, and saves.
    void add(const ComposerRequest& request, int status, const QDateTime& sentAt = QDateTime::currentDateTime());
    const ComposerHistoryEntry& at(int row) const { return entries_.at(row); }
    int count() const { return int(entries_.size()); }
    int cap() const { return cap_; }
    void setCap(int cap);
    void clear();

    /// Reads the stored history (replacing this one); unreadable entries are skipped.
    void load();
    void save() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void trim();
    QList<ComposerHistoryEntry> entries_;
    int cap_ = defaultCap;
};

}  // namespace asgiscope::ui
