#pragma once
// Where a store is, as the user names it: a file (`team.sqlite`, also `sqlite:team.sqlite` or
// `spatialite:team.sqlite`), or a URL whose scheme names another backend
// (`postgresql://user:secret@host/db`). open_store() chooses the backend by the scheme.
#include <string>

namespace lode {

class StoreLocation {
public:
    // Parses what the user gave; anything without a known prefix or a `scheme://` is a file path.
    StoreLocation(const std::string& given);
    StoreLocation(const char* given) : StoreLocation(std::string(given)) {}

    // The backend's name: "spatialite" for a file, else the URL's scheme ("postgresql").
    const std::string& scheme() const { return scheme_; }
    bool is_file() const { return scheme_ == "spatialite"; }
    // The file of a file store; the whole URL otherwise.
    const std::string& target() const { return target_; }

    // For people and for files handed on (metadata, `lode info`): a file as its absolute path, a
    // URL without its user, password or password parameter.
    std::string display() const;
    // As display(), but a URL keeps its user (part or parameter): where to connect again, without the secret.
    std::string without_password() const;
    // Whether path names this store's file (through links and relative paths); never for a URL.
    bool is_same_file(const std::string& path) const;

private:
    std::string without_secrets(bool user_too) const;
    std::string scheme_;
    std::string target_;
};

} // namespace lode
