// ShortcutsDialog: Help > Keyboard Shortcuts: a table of every action of a window that has a
// shortcut, generated from the actions themselves (never a hand-written list).
#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;

namespace asgiscope::ui {

/// One row: an action's text (without its '&' accelerator marks) and its shortcuts as the
/// user reads them ("Ctrl+F, Ctrl+L").
struct ShortcutRow {
    QString action;
    QString keys;
};

/// Every action under `window` (QObject children, recursively) with at least one shortcut,
/// sorted by text.
QList<ShortcutRow> shortcutRows(const QWidget* window);

/// The dialog.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QWidget* window, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

}  // namespace asgiscope::ui
