// The values a SpatiaLite store added to its vocabularies (schema version 6): one row each in the
// table vocabularies, whose history triggers record the change (key VOCABULARY/VALUE).
#include "lode/store/spatialite/detail/store.hpp"

namespace lode {

std::vector<std::string> SpatialiteStore::added_values(Vocabulary vocabulary)
{
    sqlite::Statement s(db_.get(), "SELECT value FROM vocabularies WHERE vocabulary = ? ORDER BY rowid");
    s.bind(1, to_string(vocabulary));
    std::vector<std::string> values;
    while (s.step())
        values.push_back(s.text(0));
    return values;
}

void SpatialiteStore::write_vocabulary_value(Vocabulary vocabulary, const std::string& value)
{
    sqlite::Statement s(db_.get(), "INSERT INTO vocabularies(vocabulary, value) VALUES (?, ?)");
    s.bind(1, to_string(vocabulary)).bind(2, value).run();
}

} // namespace lode
