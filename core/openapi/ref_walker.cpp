#include "core/openapi/ref_walker.hpp"

#include <filesystem>
#include <set>

#include "core/util/json_pointer.hpp"

namespace sonde::openapi {

namespace {

// Members whose values are maps from user-chosen names to objects: under them a key such as
// "default" or "example" is a name (a property called "default"), not a keyword.
bool is_name_map(std::string_view key) {
  static const std::set<std::string_view> k_maps{
      "properties", "patternProperties", "definitions", "$defs", "paths", "responses", "callbacks",
      "schemas", "parameters", "headers", "content", "links", "securitySchemes", "requestBodies",
      "components", "variables", "encoding", "dependentSchemas", "webhooks", "pathItems", "securityDefinitions"};
  return k_maps.contains(key);
}

bool is_data(std::string_view key) {
  return key == "example" || key == "default" || key == "enum" || key == "const" || key.starts_with("x-");
}

}  // namespace

std::string RefWalker::pointer() const {
  std::string p;
  for (auto token : path_) p = json_pointer::append(p, token);
  return p;
}

Result<void> RefWalker::run() {
  for (std::size_t i = 0; i < doc_.files_.size(); ++i) {  // files_ grows while walking
    path_.clear();
    if (auto r = walk(doc_.files_[i]->tree(), static_cast<int>(i), Mode::names); !r) return r;
  }
  if (dangling_.empty()) return {};
  if (!doc_.options_.lenient) {
    Error first = dangling_.front();
    if (dangling_.size() > 1) first.message += " (" + std::to_string(dangling_.size()) + " unresolved $refs in all)";
    first.hint = first.hint.empty() ? "--lenient reports them and diffs what can be diffed" : first.hint;
    return std::unexpected(first);
  }
  doc_.problems_ = std::move(dangling_);
  return {};
}

Result<int> RefWalker::load_file(int from_file, const std::string& file_part) {
  auto dir = std::filesystem::path(doc_.files_[static_cast<std::size_t>(from_file)]->path()).parent_path();
  auto key = (dir / file_part).lexically_normal().string();
  if (auto it = doc_.file_index_.find(key); it != doc_.file_index_.end()) return it->second;
  auto file = SourceFile::load(key, doc_.options_.limits);
  if (!file) return std::unexpected(file.error());
  int index = static_cast<int>(doc_.files_.size());
  doc_.files_.push_back(std::move(*file));
  doc_.file_index_[key] = index;
  return index;
}

Result<void> RefWalker::check(const std::string& ref, int file) {
  auto hash = ref.find('#');
  std::string file_part = ref.substr(0, hash);
  if (!file_part.empty() && file_part.find("://") == std::string::npos) {
    auto loaded = load_file(file, file_part);
    if (!loaded) {
      Error e = loaded.error();
      e.message = "$ref \"" + ref + "\": " + e.message + " (" + e.where + ")";
      e.where = doc_.files_[static_cast<std::size_t>(file)]->where(pointer());
      return std::unexpected(e);
    }
  }
  if (auto target = doc_.target(file, ref); !target) {
    Error e = target.error();
    e.where = doc_.files_[static_cast<std::size_t>(file)]->where(json_pointer::append(pointer(), "$ref"));
    dangling_.push_back(std::move(e));
  }
  return {};
}

Result<void> RefWalker::walk(const nlohmann::json& value, int file, Mode mode) {
  if (value.is_array()) {
    if (mode == Mode::example_entries) return {};  // 3.1 schema "examples": a list of values
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string index = std::to_string(i);
      path_.push_back(index);
      auto r = walk(value[i], file, Mode::schema);
      path_.pop_back();
      if (!r) return r;
    }
    return {};
  }
  if (!value.is_object()) return {};
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    Mode child = Mode::schema;
    if (mode == Mode::names) {
      child = Mode::schema;
    } else if (mode == Mode::example_entries) {
      child = Mode::example;
    } else if (key == "$ref" && it->is_string()) {
      if (auto r = check(it->get<std::string>(), file); !r) return r;
      continue;
    } else if (mode == Mode::example && (key == "value" || key == "externalValue")) {
      continue;
    } else if (is_data(key)) {
      continue;
    } else if (key == "examples") {
      child = Mode::example_entries;
    } else if (is_name_map(key)) {
      child = Mode::names;
    }
    path_.push_back(key);
    auto r = walk(*it, file, child);
    path_.pop_back();
    if (!r) return r;
  }
  return {};
}

}  // namespace sonde::openapi
