#include <asgiscope/web/datastructures/form_data.hpp>

namespace asgiscope::web {

std::optional<std::string_view> FormData::text(std::string_view key) const {
    if (const FormValue* v = find(key))
        if (const auto* s = std::get_if<std::string>(v)) return std::string_view(*s);
    return std::nullopt;
}

std::shared_ptr<UploadFile> FormData::file(std::string_view key) const {
    if (const FormValue* v = find(key))
        if (const auto* f = std::get_if<std::shared_ptr<UploadFile>>(v)) return *f;
    return nullptr;
}

void FormData::close() const {
    for (const auto& [key, value] : items_)
        if (const auto* f = std::get_if<std::shared_ptr<UploadFile>>(&value); f && *f)
            (*f)->close();
}

}  // namespace asgiscope::web
