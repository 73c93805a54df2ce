#include "models/line_diff.hpp"

#include <algorithm>
#include <vector>

#include "models/body_format.hpp"

namespace asgiscope::ui {

int LineDiff::changedRows() const {
    return static_cast<int>(std::count_if(
        rows.begin(), rows.end(), [](const DiffRow& r) { return r.kind != DiffRow::Kind::Same; }));
}

namespace {

/// Appends a removed block and an added block paired row by row.
void pairBlock(LineDiff& out, const QStringList& a, qsizetype a0, qsizetype a1,
               const QStringList& b, qsizetype b0, qsizetype b1) {
    const qsizetype n = std::max(a1 - a0, b1 - b0);
    for (qsizetype i = 0; i < n; ++i) {
        DiffRow row;
        const bool hasLeft = a0 + i < a1;
        const bool hasRight = b0 + i < b1;
        row.kind = hasLeft && hasRight ? DiffRow::Kind::Changed
                   : hasLeft           ? DiffRow::Kind::Removed
                                       : DiffRow::Kind::Added;
        if (hasLeft) {
            row.leftLine = static_cast<int>(a0 + i + 1);
            row.left = a[a0 + i];
        }
        if (hasRight) {
            row.rightLine = static_cast<int>(b0 + i + 1);
            row.right = b[b0 + i];
        }
        out.rows.push_back(std::move(row));
    }
}

void sameRow(LineDiff& out, const QStringList& a, qsizetype i, const QStringList& b, qsizetype j) {
    DiffRow row;
    row.kind = DiffRow::Kind::Same;
    row.leftLine = static_cast<int>(i + 1);
    row.rightLine = static_cast<int>(j + 1);
    row.left = a[i];
    row.right = b[j];
    out.rows.push_back(std::move(row));
}

}  // namespace

LineDiff diffLines(const QStringList& a, const QStringList& b) {
    LineDiff out;
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    qsizetype ea = a.size(), eb = b.size();
    while (ea > prefix && eb > prefix && a[ea - 1] == b[eb - 1]) --ea, --eb;
    for (qsizetype i = 0; i < prefix; ++i) sameRow(out, a, i, b, i);

    const qsizetype n = ea - prefix, m = eb - prefix;
    if (n > 0 && m > 0 && n * m > maxDiffCells) {
        out.approximate = true;
        pairBlock(out, a, prefix, ea, b, prefix, eb);
    } else if (n > 0 || m > 0) {
        // lcs[i][j]: the LCS length of a[prefix+i..ea) and b[prefix+j..eb).
        const auto width = static_cast<std::size_t>(m + 1);
        std::vector<int> lcs(static_cast<std::size_t>(n + 1) * width, 0);
        auto at = [&](qsizetype i, qsizetype j) -> int& {
            return lcs[static_cast<std::size_t>(i) * width + static_cast<std::size_t>(j)];
        };
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                          : std::max(at(i + 1, j), at(i, j + 1));
        // Walk the table; collect runs of removals and additions and pair them.
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                sameRow(out, a, prefix + i, b, prefix + j);
                ++i, ++j;
                continue;
            }
            const qsizetype i0 = i, j0 = j;
            while (i < n || j < m) {
                if (i < n && j < m && a[prefix + i] == b[prefix + j]) break;
                if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1)))
                    ++i;
                else
                    ++j;
            }
            pairBlock(out, a, prefix + i0, prefix + i, b, prefix + j0, prefix + j);
        }
    }
    for (qsizetype k = 0; k < a.size() - ea; ++k) sameRow(out, a, ea + k, b, eb + k);
    return out;
}

DiffBody diffBody(const QByteArray& body, const QString& contentType, qsizetype maxHexBytes) {
    DiffBody out;
    if (body.isEmpty()) return out;
    const BodyFormat format = guessBodyFormat(body, contentType);
    if (format == BodyFormat::Json) {
        if (auto pretty = bodyAsPrettyJson(body)) {
            out.mode = DiffBodyMode::Json;
            out.lines = pretty->split(QLatin1Char('\n'));
            while (!out.lines.isEmpty() && out.lines.back().isEmpty()) out.lines.removeLast();
            return out;
        }
    }
    if (looksLikeText(body)) {
        out.mode = DiffBodyMode::Text;
        QString text = bodyAsText(body);
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        out.lines = text.split(QLatin1Char('\n'));
        if (text.endsWith(QLatin1Char('\n'))) out.lines.removeLast();
        return out;
    }
    out.mode = DiffBodyMode::Binary;
    out.lines << QStringLiteral("%1 bytes").arg(body.size());
    QString hex = bodyAsHex(body, maxHexBytes);
    out.lines << hex.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return out;
}

}  // namespace asgiscope::ui
