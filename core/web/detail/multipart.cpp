#include "multipart.hpp"

#include <asgiscope/web/formparsers.hpp>

#include "text.hpp"

namespace asgiscope::web::detail {

namespace {

constexpr std::size_t kMaxPadding = 1024;  // transport padding after a boundary

[[noreturn]] void malformed(const std::string& what) {
    throw MultiPartException("Malformed multipart body: " + what);
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A header line for an error message: at most 60 bytes, control bytes as '?'.
std::string shown(std::string_view line) {
    std::string out(line.substr(0, 60));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    if (line.size() > 60) out += "...";
    return out;
}

}  // namespace

// buf_ starts with a virtual line end, so a body that opens with "--boundary" is delimited
// like every later boundary.
MultipartReader::MultipartReader(std::string_view boundary, Handler& handler)
    : handler_(handler), delimiter_("\n--" + std::string(boundary)), buf_("\n") {}

void MultipartReader::feed(std::string_view chunk) {
    if (chunk.empty()) return;
    if (state_ == State::Epilogue) return;
    buf_.append(chunk);
    for (bool progress = true; progress;) {
        switch (state_) {
            case State::Preamble:
                progress = preamble();
                break;
            case State::AfterBoundary:
                progress = after_boundary();
                break;
            case State::Headers:
                progress = header_line();
                break;
            case State::Data:
                progress = data();
                break;
            case State::Epilogue:
                pos_ = buf_.size();
                progress = false;
                break;
        }
    }
    // Keep one consumed byte: data() may need the line end just before a part's data.
    const std::size_t drop = pos_ > 0 ? pos_ - 1 : 0;
    buf_.erase(0, drop);
    pos_ -= drop;
}

void MultipartReader::finish() {
    switch (state_) {
        case State::Epilogue:
            return;
        case State::Preamble:
            if (blank_so_far_ && blank(std::string_view(buf_).substr(pos_)))
                return;  // an empty body
            malformed("no boundary found.");
        default:
            malformed("the body ended before the closing boundary.");
    }
}

bool MultipartReader::preamble() {
    const auto i = buf_.find(delimiter_, pos_);
    const std::size_t keep = delimiter_.size() - 1;  // what could begin a delimiter
    const std::size_t end =
        i != std::string::npos ? i : (buf_.size() > pos_ + keep ? buf_.size() - keep : pos_);
    if (blank_so_far_ && !blank(std::string_view(buf_).substr(pos_, end - pos_)))
        blank_so_far_ = false;
    if (i == std::string::npos) {
        pos_ = end;
        return false;
    }
    pos_ = i + delimiter_.size();
    state_ = State::AfterBoundary;
    return true;
}

bool MultipartReader::after_boundary() {
    const std::string_view rest = std::string_view(buf_).substr(pos_);
    if (rest.empty()) return false;
    if (rest[0] == '-') {  // "--boundary--": the close delimiter
        if (rest.size() < 2) return false;
        if (rest[1] != '-') malformed("unexpected data after a boundary.");
        pos_ += 2;
        state_ = State::Epilogue;
        return true;
    }
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (nl == std::string_view::npos) {
        if (line.find_first_not_of(" \t\r") != std::string_view::npos || line.size() > kMaxPadding)
            malformed("unexpected data after a boundary.");
        return false;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos)
        malformed("unexpected data after a boundary.");
    pos_ += nl + 1;
    state_ = State::Headers;
    headers_.clear();
    header_bytes_ = 0;
    scanned_ = 0;
    return true;
}

bool MultipartReader::header_line() {
    const auto nl = buf_.find('\n', pos_ + scanned_);  // a long line arrives in many chunks
    const std::size_t length = (nl == std::string::npos ? buf_.size() : nl + 1) - pos_;
    if (header_bytes_ + length > max_header_bytes)
        malformed("part headers larger than " + std::to_string(max_header_bytes / 1024) + "KB.");
    if (nl == std::string::npos) {
        scanned_ = buf_.size() - pos_;
        return false;
    }
    scanned_ = 0;
    header_bytes_ += length;
    std::string_view line(buf_.data() + pos_, nl - pos_);
    pos_ = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
        handler_.on_part_begin(std::move(headers_));
        headers_ = {};
        state_ = State::Data;
        data_seen_ = false;
        return true;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !headers_.empty()) {  // obsolete line folding
        headers_.back().second += ' ';
        headers_.back().second += trim(line);
        return true;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)).empty())
        throw MultiPartException("Malformed multipart part header (expected \"Name: value\"): \"" +
                                 shown(line) + "\".");
    headers_.emplace_back(to_lower(trim(line.substr(0, colon))),
                          std::string(trim(line.substr(colon + 1))));
    return true;
}

bool MultipartReader::data() {
    // Before any data, the line end that closed the headers may begin the delimiter: a part
    // without a body ("...\r\n\r\n--boundary").
    const std::size_t from = (!data_seen_ && pos_ > 0) ? pos_ - 1 : pos_;
    const auto i = buf_.find(delimiter_, from);
    if (i == std::string::npos) {
        const std::size_t keep = delimiter_.size();  // a partial delimiter and the CR before it
        if (buf_.size() > pos_ + keep) {
            const std::size_t end = buf_.size() - keep;
            handler_.on_part_data(std::string_view(buf_).substr(pos_, end - pos_));
            pos_ = end;
            data_seen_ = true;
        }
        return false;
    }
    std::size_t end = i;
    if (end > pos_ && buf_[end - 1] == '\r') --end;
    if (end > pos_) handler_.on_part_data(std::string_view(buf_).substr(pos_, end - pos_));
    handler_.on_part_end();
    pos_ = i + delimiter_.size();
    state_ = State::AfterBoundary;
    return true;
}

}  // namespace asgiscope::web::detail
