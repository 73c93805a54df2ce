// A line-based diff of two texts laid out side by side, for the Replay panel's body comparison.
//
// The diff is the longest common subsequence of the lines (common prefix and suffix trimmed
// first, then a table over the middle); a removed block followed by an added one is paired
// row by row as "changed". Texts too large for the table (more than maxCells line pairs in
// the middle) fall back to one changed block, which the result says.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace asgiscope::ui {

/// One row of a side-by-side diff: a line on the left (original), on the right (replayed), or
/// both. Line numbers are 1-based; 0 means the side has no line on this row.
struct DiffRow {
    enum class Kind { Same, Removed, Added, Changed };
    Kind kind = Kind::Same;
    int leftLine = 0;
    int rightLine = 0;
    QString left;
    QString right;
};

/// A side-by-side diff and whether it had to give up on finding the common lines.
struct LineDiff {
    QVector<DiffRow> rows;
    bool approximate = false;  ///< the middle was too large: shown as one changed block
    int changedRows() const;   ///< rows that are not Same
};

/// The LCS table is at most this many cells (middle lines of a times middle lines of b).
inline constexpr qsizetype maxDiffCells = 4 * 1000 * 1000;

/// The side-by-side diff of two lists of lines.
LineDiff diffLines(const QStringList& a, const QStringList& b);

/// How a body is turned into lines before diffing.
enum class DiffBodyMode { Empty, Text, Json, Binary };

/// A body prepared for the diff: JSON pretty-printed (indented, object keys sorted, so key
/// order does not show as a difference), text split into lines, bytes that are not text as a short
/// hex summary (size, then a hex dump of the first `maxHexBytes`).
struct DiffBody {
    DiffBodyMode mode = DiffBodyMode::Empty;
    QStringList lines;
};
DiffBody diffBody(const QByteArray& body, const QString& contentType, qsizetype maxHexBytes = 256);

}  // namespace asgiscope::ui
