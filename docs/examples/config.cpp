// config.md: settings from the environment and a .env file, cast to C++ types.
#include <filesystem>
#include <fstream>

#include <asgiscope/web.hpp>

#include "check.hpp"

using namespace asgiscope::web;

int main() {
    const std::filesystem::path env_file = std::filesystem::temp_directory_path() / "asgiscope-docs.env";
    std::ofstream(env_file) << "# settings of the shop\n"
                               "SHOP_DEBUG=true\n"
                               "SHOP_WORKERS=4\n"
                               "SHOP_SECRET_KEY='s3cr3t'\n"
                               "SHOP_ALLOWED_HOSTS=example.org, www.example.org\n";

    // The environment wins over the file; here a map stands in for the process environment.
    Config config({.env_file = env_file, .environ = {{{"SHOP_WORKERS", "8"}}}, .env_prefix = "SHOP_"});

    CHECK(config.get<bool>("DEBUG") == true);
    CHECK(config.get<int>("WORKERS") == 8);
    CHECK(config.get<double>("TIMEOUT", 2.5) == 2.5);  // missing: the default
    CHECK(!config.get_optional<std::string>("DATABASE_URL"));

    const Secret key = config.get<Secret>("SECRET_KEY");
    CHECK(key.str() == "s3cr3t");
    CHECK(key.repr() == "Secret('**********')");  // what it prints as

    const auto hosts = config.get<CommaSeparatedStrings>("ALLOWED_HOSTS");
    CHECK(hosts.size() == 2 && hosts[1] == "www.example.org");

    bool missing = false;
    try {
        config.get<std::string>("NAME");
    } catch (const ConfigKeyError& e) {
        missing = std::string(e.what()) == "Config 'SHOP_NAME' is missing, and has no default.";
    }
    CHECK(missing);

    bool invalid = false;
    try {
        config.get<int>("ALLOWED_HOSTS");
    } catch (const ConfigValueError&) {
        invalid = true;
    }
    CHECK(invalid);

    std::filesystem::remove(env_file);
    return 0;
}
