#include <asgiscope/web/formparsers.hpp>

#include <utility>
#include <vector>

#include "detail/multipart.hpp"
#include "detail/options_header.hpp"
#include "detail/text.hpp"

namespace asgiscope::web {

// ---- application/x-www-form-urlencoded ---------------------------------------------------

struct FormParser::Impl {
    FormOptions options;
    std::string field;  // the field being received (up to its '&')
    FormData::Items items;

    void append(std::string_view text) {
        if (field.size() + text.size() > options.max_part_size)
            throw MultiPartException("Part exceeded maximum size of " + std::to_string(options.max_part_size / 1024) + "KB.");
        field.append(text);
    }
    void end_field() {
        for (auto& [name, value] : detail::parse_qsl(field)) {  // one pair, or none for an empty field
            if (items.size() >= options.max_fields)
                throw MultiPartException("Too many fields. Maximum number of fields is " +
                                         std::to_string(options.max_fields) + ".");
            items.emplace_back(detail::utf8_replace(name), FormValue(detail::utf8_replace(value)));
        }
        field.clear();
    }
};

FormParser::FormParser(FormOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = options; }
FormParser::~FormParser() = default;

void FormParser::feed(std::string_view chunk) {
    for (auto amp = chunk.find('&'); amp != std::string_view::npos; amp = chunk.find('&')) {
        impl_->append(chunk.substr(0, amp));
        impl_->end_field();
        chunk.remove_prefix(amp + 1);
    }
    impl_->append(chunk);
}

FormData FormParser::finish() {
    impl_->end_field();
    return FormData(std::exchange(impl_->items, {}));
}

boost::asio::awaitable<FormData> FormParser::parse(ByteStream stream) {
    while (std::optional<asgi::Bytes> chunk = co_await stream()) feed(chunk->view());
    co_return finish();
}

// ---- multipart/form-data -------------------------------------------------------------------

struct MultiPartParser::Impl final : detail::MultipartReader::Handler {
    Impl(std::string_view boundary, std::string charset_, FormOptions options_)
        : reader(boundary, *this), charset(std::move(charset_)), options(options_) {}

    detail::MultipartReader reader;
    std::string charset;
    FormOptions options;
    std::size_t files = 0;
    std::size_t fields = 0;
    FormData::Items items;
    // The current part.
    std::string field_name;
    std::string data;
    std::shared_ptr<UploadFile> file;

    void on_part_begin(asgi::Headers headers) override;
    void on_part_data(std::string_view bytes) override;
    void on_part_end() override;
    // Starlette closes the files it made when the form fails.
    void close_files() {
        if (file) file->close();
        for (auto& [name, value] : items)
            if (auto* f = std::get_if<std::shared_ptr<UploadFile>>(&value)) (*f)->close();
    }
};

namespace {

// python-multipart drops the directory of a full Windows path (old Internet Explorer).
std::string strip_windows_path(std::string filename) {
    const std::string_view f = filename;
    if ((f.size() >= 3 && f.substr(1, 2) == ":\\") || f.starts_with("\\\\"))
        return filename.substr(filename.rfind('\\') + 1);
    return filename;
}

}  // namespace

void MultiPartParser::Impl::on_part_begin(asgi::Headers headers) {
    std::string_view disposition;
    for (const auto& [name, value] : headers)
        if (name == "content-disposition") {
            disposition = value;
            break;
        }
    const detail::OptionsHeader cd = detail::parse_options_header(disposition);
    const auto* name = cd.param("name");
    if (!name)
        throw MultiPartException("The Content-Disposition header field \"name\" must be provided.");
    field_name = name->extended ? name->value : detail::decode_charset(name->value, charset);
    data.clear();
    file.reset();
    if (const auto* filename = cd.param("filename")) {
        if (++files > options.max_files)
            throw MultiPartException("Too many files. Maximum number of files is " +
                                     std::to_string(options.max_files) + ".");
        std::string decoded =
            filename->extended ? filename->value : detail::decode_charset(filename->value, charset);
        file = std::make_shared<UploadFile>(strip_windows_path(std::move(decoded)),
                                            Headers(std::move(headers)), options.spool_max_size);
    } else if (++fields > options.max_fields) {
        throw MultiPartException("Too many fields. Maximum number of fields is " +
                                 std::to_string(options.max_fields) + ".");
    }
}

void MultiPartParser::Impl::on_part_data(std::string_view bytes) {
    if (file) {
        file->write(bytes);
        return;
    }
    if (data.size() + bytes.size() > options.max_part_size)
        throw MultiPartException("Part exceeded maximum size of " +
                                 std::to_string(options.max_part_size / 1024) + "KB.");
    data.append(bytes);
}

void MultiPartParser::Impl::on_part_end() {
    if (file) {
        file->seek(0);
        items.emplace_back(std::move(field_name), FormValue(std::move(file)));
        file.reset();
    } else {
        items.emplace_back(std::move(field_name), FormValue(detail::decode_charset(data, charset)));
    }
    field_name.clear();
    data.clear();
}

MultiPartParser::MultiPartParser(const Headers& headers, FormOptions options) {
    const detail::OptionsHeader content_type =
        detail::parse_options_header(headers.get("content-type", ""));
    const auto* boundary = content_type.param("boundary");
    if (!boundary || boundary->value.empty())
        throw MultiPartException("Missing boundary in multipart.");
    const auto* charset = content_type.param("charset");
    impl_ = std::make_unique<Impl>(boundary->value, charset ? charset->value : "utf-8", options);
}

MultiPartParser::~MultiPartParser() = default;

void MultiPartParser::feed(std::string_view chunk) {
    try {
        impl_->reader.feed(chunk);
    } catch (...) {
        impl_->close_files();
        throw;
    }
}

FormData MultiPartParser::finish() {
    try {
        impl_->reader.finish();
    } catch (...) {
        impl_->close_files();
        throw;
    }
    return FormData(std::exchange(impl_->items, {}));
}

boost::asio::awaitable<FormData> MultiPartParser::parse(ByteStream stream) {
    while (std::optional<asgi::Bytes> chunk = co_await stream()) feed(chunk->view());
    co_return finish();
}

}  // namespace asgiscope::web
