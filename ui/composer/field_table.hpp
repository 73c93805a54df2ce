// FieldTable: an editable table of key/value rows with an "enabled" check box each (query,
// headers, form fields, multipart fields); an empty last row is always there for adding.
#pragma once

#include <QTableWidget>

#include "models/composer_request.hpp"

namespace asgiscope::ui {

/// Rows of ComposerField. With files allowed (multipart), a "File" column marks rows whose
/// value is a file path.
class FieldTable : public QTableWidget {
    Q_OBJECT
public:
    explicit FieldTable(bool allowFiles, QWidget* parent = nullptr);

    /// The non-empty rows.
    QList<ComposerField> fields() const;
    /// Replaces the rows (no fieldsChanged()).
    void setFields(const QList<ComposerField>& fields);
    /// Makes the current row (or a new one) a file row with `path`.
    void setFileForCurrentRow(const QString& path);

signals:
    /// The user edited, checked or removed a row.
    void fieldsChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void appendRow(const ComposerField& field);
    void ensureEmptyLastRow();
    void onItemChanged(QTableWidgetItem* item);

    bool allowFiles_;
    bool updating_ = false;
};

}  // namespace asgiscope::ui
