// FormData: a parsed form (Starlette's FormData), field names to text or uploaded files.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <asgiscope/web/datastructures/multidict.hpp>
#include <asgiscope/web/datastructures/upload_file.hpp>

namespace asgiscope::web {

/// One form value: text, or a file of a multipart form.
using FormValue = std::variant<std::string, std::shared_ptr<UploadFile>>;

/// An immutable multi-dict of form fields (Starlette's FormData). get() gives a nullable
/// `const FormValue*`; text() and file() are typed shortcuts for the usual lookups. Copies
/// share the files.
class FormData : public ImmutableMultiDict<FormValue> {
public:
    FormData() = default;
    explicit FormData(Items items) : ImmutableMultiDict(std::move(items)) {}

    /// The last value of `key` when it is text.
    std::optional<std::string_view> text(std::string_view key) const;
    /// The last value of `key` when it is a file (else null).
    std::shared_ptr<UploadFile> file(std::string_view key) const;
    /// Closes every file (Starlette's close()): their temporary files are removed.
    void close() const;
};

}  // namespace asgiscope::web
