#include "dialogs/shortcuts_dialog.hpp"

#include <algorithm>

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace asgiscope::ui {

QList<ShortcutRow> shortcutRows(const QWidget* window) {
    QList<ShortcutRow> rows;
    for (const QAction* action : window->findChildren<QAction*>()) {
        const QList<QKeySequence> keys = action->shortcuts();
        if (keys.isEmpty() || action->text().isEmpty()) continue;
        QStringList shown;
        for (const QKeySequence& k : keys)
            if (!k.isEmpty()) shown << k.toString(QKeySequence::NativeText);
        if (shown.isEmpty()) continue;
        QString text = action->text();
        text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
        if (text.endsWith(QStringLiteral("…"))) text.chop(1);
        rows.append({text, shown.join(QStringLiteral(", "))});
    }
    std::sort(rows.begin(), rows.end(), [](const ShortcutRow& a, const ShortcutRow& b) {
        return a.action.localeAwareCompare(b.action) < 0;
    });
    return rows;
}

ShortcutsDialog::ShortcutsDialog(const QWidget* window, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(this)) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    const QList<ShortcutRow> rows = shortcutRows(window);
    table_->setColumnCount(2);
    table_->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table_->setRowCount(int(rows.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    for (int i = 0; i < rows.size(); ++i) {
        table_->setItem(i, 0, new QTableWidgetItem(rows[i].action));
        table_->setItem(i, 1, new QTableWidgetItem(rows[i].keys));
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(480, 420);
}

}  // namespace asgiscope::ui
