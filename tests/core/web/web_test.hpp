// Small helpers for the framework tests.
#pragma once

#include <string>
#include <string_view>

#include <QByteArray>
#include <QtTest/QtTest>

namespace asgiscope::testing {

/// Bytes of a string-like value, for QCOMPARE (which prints QByteArrays readably, escapes and
/// all).
inline QByteArray qbytes(std::string_view s) { return QByteArray(s.data(), qsizetype(s.size())); }

}  // namespace asgiscope::testing

/// QCOMPARE for std::string, std::string_view and string literals.
#define COMPARE_STR(actual, expected)                                                        \
    QCOMPARE(::asgiscope::testing::qbytes(std::string_view(actual)),                         \
             ::asgiscope::testing::qbytes(std::string_view(expected)))
