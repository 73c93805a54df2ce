#include "replay_input.hpp"

#include <exception>
#include <fstream>

#include <asgiscope/trace/import.hpp>

namespace asgiscope::app {

ReadResult read_exchanges(const std::string& path) {
    ReadResult result;
    try {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            result.error = "cannot open '" + path + "'";
            return result;
        }
        std::string head(4096, '\0');
        in.read(head.data(), std::streamsize(head.size()));
        head.resize(std::size_t(in.gcount()));
        in.close();
        result.format = std::string(trace::to_string(trace::detect_import_format(head, path)));
        trace::read_exchanges(path, [&](trace::Exchange&& e) {
            result.exchanges.push_back(std::move(e));
            return true;
        });
    } catch (const std::exception& e) {
        result.exchanges.clear();
        const std::string what = e.what();
        result.error = "cannot read " + (result.format.empty() ? std::string("file") : result.format + " file") + " " +
                       (what.find(path) != std::string::npos ? what : "'" + path + "': " + what);
    }
    return result;
}

}  // namespace asgiscope::app
