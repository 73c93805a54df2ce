// Small helpers for the framework tests.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <QByteArray>
#include <QtTest/QtTest>

// g++ 12 false positive: when it inlines a coroutine's ramp it pairs Asio's frame
// deallocation with the aligned_alloc fallback of Asio's recycling allocator and calls them
// mismatched. Test files that run lambda coroutines would otherwise not build with -Werror.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace asgiscope::testing {

/// Bytes of a string-like value, for QCOMPARE (which prints QByteArrays readably, escapes and
/// all).
inline QByteArray qbytes(std::string_view s) { return QByteArray(s.data(), qsizetype(s.size())); }

/// Runs the coroutine `make()` returns on a fresh io_context until it finishes; rethrows
/// what it throws. `make` stays alive meanwhile, so a capturing lambda coroutine is fine.
template <class Make>
void run_coroutine(Make make) {
    boost::asio::io_context ioc;
    std::exception_ptr error;
    boost::asio::co_spawn(ioc, make(), [&](std::exception_ptr e) { error = e; });
    ioc.run();
    if (error) std::rethrow_exception(error);
}

}  // namespace asgiscope::testing

/// QCOMPARE for std::string, std::string_view and string literals.
#define COMPARE_STR(actual, expected)                                                        \
    QCOMPARE(::asgiscope::testing::qbytes(std::string_view(actual)),                         \
             ::asgiscope::testing::qbytes(std::string_view(expected)))
