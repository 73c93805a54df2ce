#include "composer/field_table.hpp"

#include <QHeaderView>
#include <QKeyEvent>

namespace asgiscope::ui {

namespace {
enum Column { KeyColumn, ValueColumn, FileColumn };
}

FieldTable::FieldTable(bool allowFiles, QWidget* parent)
    : QTableWidget(0, allowFiles ? 3 : 2, parent), allowFiles_(allowFiles) {
    QStringList labels{tr("Key"), tr("Value")};
    if (allowFiles) labels << tr("File");
    setHorizontalHeaderLabels(labels);
    horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
    horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    if (allowFiles) horizontalHeader()->setSectionResizeMode(FileColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->resizeSection(KeyColumn, 160);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setToolTip(tr("Untick a row to leave it out. Press Delete to remove the selected rows."));
    connect(this, &QTableWidget::itemChanged, this, &FieldTable::onItemChanged);
    ensureEmptyLastRow();
}

QList<ComposerField> FieldTable::fields() const {
    QList<ComposerField> out;
    for (int row = 0; row < rowCount(); ++row) {
        const QTableWidgetItem* k = item(row, KeyColumn);
        const QTableWidgetItem* v = item(row, ValueColumn);
        ComposerField f;
        f.key = k ? k->text() : QString();
        f.value = v ? v->text() : QString();
        if (f.key.isEmpty() && f.value.isEmpty()) continue;
        f.enabled = !k || k->checkState() == Qt::Checked;
        const QTableWidgetItem* file = allowFiles_ ? item(row, FileColumn) : nullptr;
        f.isFile = file && file->checkState() == Qt::Checked;
        out << f;
    }
    return out;
}

void FieldTable::appendRow(const ComposerField& field) {
    const int row = rowCount();
    insertRow(row);
    auto* k = new QTableWidgetItem(field.key);
    k->setFlags(k->flags() | Qt::ItemIsUserCheckable);
    k->setCheckState(field.enabled ? Qt::Checked : Qt::Unchecked);
    setItem(row, KeyColumn, k);
    setItem(row, ValueColumn, new QTableWidgetItem(field.value));
    if (allowFiles_) {
        auto* f = new QTableWidgetItem;
        f->setFlags((f->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
        f->setCheckState(field.isFile ? Qt::Checked : Qt::Unchecked);
        f->setToolTip(tr("Send the value as the path of a file to upload"));
        setItem(row, FileColumn, f);
    }
}

void FieldTable::setFields(const QList<ComposerField>& fields) {
    updating_ = true;
    setRowCount(0);
    for (const ComposerField& f : fields) appendRow(f);
    ensureEmptyLastRow();
    updating_ = false;
}

void FieldTable::ensureEmptyLastRow() {
    const int last = rowCount() - 1;
    const bool lastEmpty = last >= 0 && (!item(last, KeyColumn) || item(last, KeyColumn)->text().isEmpty()) &&
                           (!item(last, ValueColumn) || item(last, ValueColumn)->text().isEmpty());
    if (!lastEmpty) {
        const bool was = updating_;
        updating_ = true;
        appendRow({});
        updating_ = was;
    }
}

void FieldTable::setFileForCurrentRow(const QString& path) {
    int row = currentRow();
    if (row < 0) row = rowCount() - 1;
    updating_ = true;
    if (!item(row, KeyColumn) || item(row, KeyColumn)->text().isEmpty())
        item(row, KeyColumn)->setText(QStringLiteral("file"));
    item(row, ValueColumn)->setText(path);
    if (allowFiles_) item(row, FileColumn)->setCheckState(Qt::Checked);
    ensureEmptyLastRow();
    updating_ = false;
    emit fieldsChanged();
}

void FieldTable::onItemChanged(QTableWidgetItem*) {
    if (updating_) return;
    ensureEmptyLastRow();
    emit fieldsChanged();
}

void FieldTable::keyPressEvent(QKeyEvent* event) {
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) &&
        state() != QAbstractItemView::EditingState && selectionModel()->hasSelection()) {
        QList<int> rows;
        for (const QModelIndex& i : selectionModel()->selectedRows()) rows << i.row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        updating_ = true;
        for (int r : rows) removeRow(r);
        ensureEmptyLastRow();
        updating_ = false;
        emit fieldsChanged();
        return;
    }
    QTableWidget::keyPressEvent(event);
}

}  // namespace asgiscope::ui
