#include "core/diff/engine.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <future>
#include <regex>
#include <set>
#include <map>
#include <span>
#include <unordered_map>

#include "core/diff/file_glob.hpp"
#include "core/diff/traffic.hpp"
#include "core/diff/git_revision.hpp"
#include "core/diff/ignore_file.hpp"
#include "core/diff/operation_diff.hpp"
#include "core/openapi/view.hpp"
#include "core/util/json_fields.hpp"

namespace sonde::diff {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string system_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string compose(const Rule& rule, const Delta& d) {
  std::string out = d.subject.empty() ? std::string(rule.verb) : d.subject + " " + std::string(rule.verb);
  if (!d.detail.empty()) out += " " + d.detail;
  if (!d.before.empty() || !d.after.empty()) out += " (" + d.before + " → " + d.after + ")";
  return out;
}

std::string path_of(const std::string& operation) {
  auto space = operation.find(' ');
  return space == std::string::npos ? operation : operation.substr(space + 1);
}

bool waived(const std::vector<Waiver>& waivers, const std::string& id, const std::string& operation) {
  std::string key = operation_key(operation);
  return std::any_of(waivers.begin(), waivers.end(),
                     [&](const Waiver& w) { return w.id == id && (w.operation.empty() || w.operation == key); });
}

}  // namespace

Result<void> validate(const Options& options) {
  for (const auto& [id, level] : options.severity) {
    if (!find_rule(id)) return fail(ErrorKind::usage, "--severity names unknown rule \"" + id + "\"", {}, "see 'sonde diff --list-rules'");
  }
  if (!options.match_path.empty()) {
    try {
      std::regex re(options.match_path);
    } catch (const std::regex_error& e) {
      return fail(ErrorKind::usage, "--match-path is not a valid regular expression (" + std::string(e.what()) + ")",
                  options.match_path);
    }
  }
  return {};
}

namespace {

// Stage two: a rule per delta, the path filter and waivers applied, shared-component facts merged.
void classify(const std::vector<Delta>& deltas, const openapi::Document& rev, const Options& options,
              const std::vector<Waiver>& waivers, Report& report) {
  std::optional<std::regex> filter;
  if (!options.match_path.empty()) filter.emplace(options.match_path);
  std::unordered_map<std::string, std::size_t> seen;  // id + location + message -> change index
  for (const auto& d : deltas) {
    const Rule* rule = rule_for(d);
    if (!rule) continue;
    std::vector<std::string> ops;
    for (const auto& op : d.operations) {
      if (filter && !std::regex_search(path_of(op), *filter)) continue;
      if (waived(waivers, std::string(rule->id), op)) {
        ++report.ignored;
        continue;
      }
      ops.push_back(op);
    }
    if (ops.empty()) continue;
    std::string detail = compose(*rule, d);
    // Only facts inside shared components can meet twice (once per direction of use); facts about
    // one operation are never merged with another operation's.
    std::string key = d.component.empty() ? std::string()
                                          : std::string(rule->id) + '\x1f' + d.location + '\x1f' + detail;
    if (auto it = key.empty() ? seen.end() : seen.find(key); it != seen.end()) {
      auto& existing = report.changes[it->second].operations;
      existing.insert(existing.end(), ops.begin(), ops.end());
      continue;
    }
    if (!key.empty()) seen.emplace(std::move(key), report.changes.size());
    Change c;
    c.id = rule->id;
    auto level = options.severity.find(c.id);
    c.level = level == options.severity.end() ? rule->level : level->second;
    c.direction = rule->direction;
    c.operations = std::move(ops);
    c.location = d.location;
    c.source = rev.file(d.location_file).where(d.location);
    c.detail = std::move(detail);
    c.component = d.component;
    c.fact = d.fact;
    c.area = d.area;
    c.subject = d.subject;
    report.changes.push_back(std::move(c));
  }
}

// Operations sorted and unique, the one-operation field, the full message, counts, stable order.
// Operations marked x-stability-level draft or alpha in the base make no promise yet: their
// changes are reported as info (unless --severity names the rule), as oasdiff does.
void relax_unstable(const openapi::View& base_view, const Options& options, Report& report) {
  std::map<std::string, std::string> unstable;  // operation -> its level
  for (const auto& op : base_view.operations) {
    if (!op.node || !op.node->is_object()) continue;
    auto level = op.node->find("x-stability-level");
    if (level != op.node->end() && level->is_string() && (*level == "draft" || *level == "alpha")) {
      unstable.emplace(op.name(), level->get<std::string>());
    }
  }
  if (unstable.empty()) return;
  for (auto& c : report.changes) {
    if (c.operations.empty() || options.severity.contains(c.id)) continue;
    bool all = std::all_of(c.operations.begin(), c.operations.end(), [&](const auto& o) { return unstable.contains(o); });
    if (all && c.level != Level::info) {
      c.level = Level::info;
      c.detail += " (x-stability-level " + unstable.at(c.operations.front()) + ": no promise yet)";
    }
  }
}

// Run after every other finding is classified, relaxed and waived: the errors left are the
// breaking changes that ship with this revision, and they need a new info.version.
void check_version_bump(const openapi::Document& base, const openapi::Document& rev, const Options& options,
                        const std::vector<Waiver>& waivers, Report& report) {
  Delta d;
  d.fact = Fact::version_not_bumped;
  d.area = Area::operation;
  std::size_t breaking = 0;
  for (const auto& c : report.changes) {
    if (c.level != Level::error) continue;
    ++breaking;
    d.operations.insert(c.operations.begin(), c.operations.end());
  }
  if (breaking == 0) return;
  auto version = [](const openapi::Document& doc) {
    const auto& root = doc.root();
    auto info = root.is_object() ? root.find("info") : root.end();
    return info == root.end() ? std::string() : string_member(*info, "version");
  };
  auto problem = version_not_bumped(version(base), version(rev));
  if (!problem) return;
  d.detail = "(" + *problem + "; " + std::to_string(breaking) + " breaking change" + (breaking == 1 ? "" : "s") + ")";
  d.location = "/info/version";
  classify({d}, rev, options, waivers, report);
}

void finish(Report& report) {
  for (auto& c : report.changes) {
    std::sort(c.operations.begin(), c.operations.end());
    c.operations.erase(std::unique(c.operations.begin(), c.operations.end()), c.operations.end());
    if (c.operations.size() == 1) c.operation = c.operations.front();
    std::string used_by = std::to_string(c.operations.size()) + " operations";
    if (c.location.starts_with("/info/"))  // about the whole description, not the operations it lists
      c.message = c.detail;
    else if (c.operation.empty() && !c.component.empty())
      c.message = c.detail + " (in " + c.component.substr(c.component.rfind('/') + 1) + ", used by " + used_by + ")";
    else if (c.operation.empty())
      c.message = c.detail + " (" + used_by + ")";
    else
      c.message = c.operation + ": " + c.detail;
    ++report.counts[static_cast<std::size_t>(c.level)];
  }
  std::sort(report.changes.begin(), report.changes.end(), [](const Change& x, const Change& y) {
    if (x.level != y.level) return x.level > y.level;
    const std::string& xo = x.operations.front();
    const std::string& yo = y.operations.front();
    if (x.operation.empty() != y.operation.empty()) return x.operation.empty() < y.operation.empty();
    if (xo != yo) return path_of(xo) != path_of(yo) ? path_of(xo) < path_of(yo) : xo < yo;
    if (x.id != y.id) return x.id < y.id;
    if (x.location != y.location) return x.location < y.location;
    return x.detail < y.detail;
  });
}

}  // namespace

namespace {

// Every side's operations in one view, each remembering the document it came from. An operation
// defined in two files of one side is kept once (the first file in order), with a note.
struct MergedSide {
  openapi::View view;
  std::vector<std::size_t> owner_of_operation, owner_of_webhook, owner_of_callback;
};

Result<MergedSide> merge_views(std::span<const openapi::Document* const> docs, const char* side,
                               std::vector<std::string>& notes) {
  MergedSide merged;
  if (docs.size() == 1) {  // nothing to merge: the view as it is, every operation owned by file 0
    auto view = openapi::build_view(*docs.front(), openapi::ViewDepth::outline);
    if (!view) return std::unexpected(view.error());
    merged.view = std::move(*view);
    merged.owner_of_operation.assign(merged.view.operations.size(), 0);
    merged.owner_of_webhook.assign(merged.view.webhooks.size(), 0);
    merged.owner_of_callback.assign(merged.view.callbacks.size(), 0);
    return merged;
  }
  std::map<std::string, std::size_t> first_file;  // pairing key -> document index
  for (std::size_t i = 0; i < docs.size(); ++i) {
    auto view = openapi::build_view(*docs[i], openapi::ViewDepth::outline);
    if (!view) return std::unexpected(view.error());
    auto take = [&](std::vector<openapi::Operation>& from, std::vector<openapi::Operation>& to,
                    std::vector<std::size_t>& owners) {
      for (auto& op : from) {
        auto [it, fresh] = first_file.emplace(pairing_key(op), i);
        if (!fresh && it->second != i) {
          notes.push_back(std::string(side) + ": " + op.name() + " is defined in " + docs[it->second]->path() + " and " +
                          docs[i]->path() + "; the first is diffed");
          continue;
        }
        to.push_back(std::move(op));
        owners.push_back(i);
      }
    };
    take(view->operations, merged.view.operations, merged.owner_of_operation);
    take(view->webhooks, merged.view.webhooks, merged.owner_of_webhook);
    take(view->callbacks, merged.view.callbacks, merged.owner_of_callback);
  }
  return merged;
}

// Views of descriptions with fewer paths than this, both sides together, are built on one thread.
constexpr std::size_t k_paths_worth_a_thread = 400;

std::size_t path_count(std::span<const openapi::Document* const> docs) {
  std::size_t n = 0;
  for (const auto* doc : docs) {
    if (auto paths = openapi::Document::child(doc->root_node(), "paths")) n += paths->size();
  }
  return n;
}

// The document an operation of the merged view came from.
std::size_t owner(const MergedSide& side, const openapi::Operation* op) {
  auto in = [&](const std::vector<openapi::Operation>& list, const std::vector<std::size_t>& owners) -> std::optional<std::size_t> {
    if (list.empty() || op < list.data() || op >= list.data() + list.size()) return std::nullopt;
    return owners[static_cast<std::size_t>(op - list.data())];
  };
  if (auto o = in(side.view.operations, side.owner_of_operation)) return *o;
  if (auto o = in(side.view.webhooks, side.owner_of_webhook)) return *o;
  if (auto o = in(side.view.callbacks, side.owner_of_callback)) return *o;
  return 0;
}

}  // namespace

Result<Report> compare_many(std::span<const openapi::Document* const> bases,
                            std::span<const openapi::Document* const> revs, const Options& options) {
  if (auto ok = validate(options); !ok) return std::unexpected(ok.error());
  if (bases.empty() || revs.empty()) return fail(ErrorKind::internal, "compare_many needs a document on each side");
  std::vector<Waiver> waivers;
  if (!options.ignore_file.empty()) {
    auto read = read_ignore_file(options.ignore_file);
    if (!read) return std::unexpected(read.error());
    waivers = std::move(*read);
  }
  auto start = Clock::now();
  Report report;
  // Each side's view reads only its own documents (const access is thread-safe): built at once,
  // unless both are small (a thread's stack and malloc arena outweigh the milliseconds saved).
  std::vector<std::string> rev_notes;
  auto build_rev = [&] { return merge_views(revs, "revision", rev_notes); };
  std::future<Result<MergedSide>> rev_building;
  if (path_count(bases) + path_count(revs) >= k_paths_worth_a_thread) rev_building = std::async(std::launch::async, build_rev);
  auto base_side = merge_views(bases, "base", report.notes);
  auto rev_side = rev_building.valid() ? rev_building.get() : build_rev();
  report.notes.insert(report.notes.end(), rev_notes.begin(), rev_notes.end());
  if (!base_side) return std::unexpected(base_side.error());
  if (!rev_side) return std::unexpected(rev_side.error());
  auto pairing = pair_operations(base_side->view, rev_side->view);
  report.notes.insert(report.notes.end(), pairing.notes.begin(), pairing.notes.end());
  LifecyclePolicy policy{options.today.empty() ? system_today() : options.today, options.deprecation_days_beta,
                         options.deprecation_days_stable};
  // Schemas resolve inside their own document: pairs are diffed per (base file, revision file),
  // in the order pairing gave them. One file per side is one group.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<OperationPair>> groups;
  std::vector<std::pair<std::size_t, std::size_t>> order;
  for (const auto& pair : pairing.pairs) {
    std::size_t b = pair.base ? owner(*base_side, pair.base) : 0;
    std::size_t r = pair.rev ? owner(*rev_side, pair.rev) : 0;
    auto [it, fresh] = groups.try_emplace({b, r});
    if (fresh) order.push_back({b, r});
    it->second.push_back(pair);
  }
  for (const auto& key : order) {
    auto deltas = structural_diff(*bases[key.first], *revs[key.second], groups[key], rev_side->view, policy);
    if (!deltas) return std::unexpected(deltas.error());
    classify(*deltas, *revs[key.second], options, waivers, report);
  }
  report.base_path = bases.front()->path();
  report.revision_path = revs.front()->path();
  relax_unstable(base_side->view, options, report);
  if (!options.traffic.empty()) {
    if (auto weighed = weigh_by_traffic(bases, options.traffic, options.traffic_demote, report); !weighed) {
      return std::unexpected(weighed.error());
    }
  }
  if (options.require_version_bump) check_version_bump(*bases.front(), *revs.front(), options, waivers, report);
  finish(report);
  for (auto docs : {bases, revs}) {
    for (const auto* doc : docs) {
      const auto& problems = doc->problems();
      if (problems.empty()) continue;
      report.notes.push_back(doc->path() + ": " + std::to_string(problems.size()) +
                             " unresolved $ref(s) skipped (--lenient); first: " + describe(problems.front()));
    }
  }
  report.diff_ms = ms_since(start);
  return report;
}

Result<Report> compare(const openapi::Document& base, const openapi::Document& rev, const Options& options) {
  const openapi::Document* b[] = {&base};
  const openapi::Document* r[] = {&rev};
  return compare_many(b, r, options);
}

namespace {

// A plain path, or a REV:path exported by git (kept alive in `checkout` while it is diffed).
Result<std::string> local_path(const std::string& arg, bool whole_tree, std::optional<RevisionCheckout>& checkout) {
  auto revision = parse_revision_path(arg);
  if (!revision) return arg;
  auto exported = checkout_revision(*revision, whole_tree);
  if (!exported) return std::unexpected(exported.error());
  checkout.emplace(std::move(*exported));
  return checkout->file().string();
}

// Messages name "REV:path", never the temporary export.
Error shown(Error e, const std::optional<RevisionCheckout>& a, const std::optional<RevisionCheckout>& b) {
  for (const auto* c : {&a, &b}) {
    if (!*c) continue;
    e.message = (*c)->shown(e.message);
    e.where = (*c)->shown(e.where);
  }
  return e;
}

}  // namespace

namespace {

// Whether two descriptions are large enough that reading them side by side pays for a thread.
bool worth_a_thread(const std::string& base, const std::string& revision) {
  constexpr std::uintmax_t k_large = std::uintmax_t{2} << 20;
  std::error_code ec;
  auto size = [&](const std::string& path) { auto n = std::filesystem::file_size(path, ec); return ec ? 0 : n; };
  return size(base) + size(revision) >= k_large;
}

}  // namespace

Result<Report> run(const std::string& base_path, const std::string& revision_path, const Options& options) {
  if (auto ok = validate(options); !ok) return std::unexpected(ok.error());
  openapi::LoadOptions load;
  load.lenient = options.lenient;
  load.allow_remote_refs = options.allow_remote_refs;
  load.allow_outside_refs = options.allow_outside_refs;
  auto start = Clock::now();
  std::optional<RevisionCheckout> base_rev, rev_rev;
  auto base_file = local_path(base_path, options.allow_outside_refs, base_rev);
  if (!base_file) return std::unexpected(base_file.error());
  auto rev_file = local_path(revision_path, options.allow_outside_refs, rev_rev);
  if (!rev_file) return std::unexpected(rev_file.error());
  // The two sides are independent until they are compared: read on two threads (a second core
  // halves the wait on a large description). The base's error, when both fail, is the one told.
  // Small files are read one after the other: a thread and its malloc arena cost more memory
  // (about 0.3 MiB, a twentieth of a median description's diff) than the thread saves in time.
  auto read_rev = [&] { return openapi::load(*rev_file, load); };
  std::future<Result<openapi::Document>> rev_loading;
  if (worth_a_thread(*base_file, *rev_file)) rev_loading = std::async(std::launch::async, read_rev);
  auto base = openapi::load(*base_file, load);
  auto rev = rev_loading.valid() ? rev_loading.get() : read_rev();
  if (!base) return std::unexpected(shown(base.error(), base_rev, rev_rev));
  if (!rev) return std::unexpected(shown(rev.error(), base_rev, rev_rev));
  double load_ms = ms_since(start);
  auto report = compare(*base, *rev, options);
  if (!report) return std::unexpected(shown(report.error(), base_rev, rev_rev));
  report->load_ms = load_ms;
  if (base_rev) report->base_path = base_rev->display();
  if (rev_rev) report->revision_path = rev_rev->display();
  for (const auto* c : {&base_rev, &rev_rev}) {
    if (!*c) continue;
    for (auto& note : report->notes) note = (*c)->shown(note);
    for (auto& change : report->changes) change.source = (*c)->shown(change.source);
  }
  return report;
}

Result<Report> run_composed(const std::string& base_pattern, const std::string& revision_pattern,
                            const Options& options) {
  if (auto ok = validate(options); !ok) return std::unexpected(ok.error());
  // REV:pattern reads the pattern's folder as it was in that git revision.
  std::optional<RevisionCheckout> base_rev, rev_rev;
  auto local_pattern = [&](const std::string& pattern, std::optional<RevisionCheckout>& checkout) -> Result<std::string> {
    auto revision = parse_revision_path(pattern);
    if (!revision) return pattern;
    auto exported = checkout_revision_pattern(*revision, options.allow_outside_refs);
    if (!exported) return std::unexpected(exported.error());
    checkout.emplace(std::move(*exported));
    return checkout->file().string();
  };
  auto base_local = local_pattern(base_pattern, base_rev);
  if (!base_local) return std::unexpected(base_local.error());
  auto rev_local = local_pattern(revision_pattern, rev_rev);
  if (!rev_local) return std::unexpected(rev_local.error());
  openapi::LoadOptions load;
  load.lenient = options.lenient;
  load.allow_remote_refs = options.allow_remote_refs;
  load.allow_outside_refs = options.allow_outside_refs;
  auto start = Clock::now();
  std::vector<std::string> skipped;
  // Files a pattern matches that are not descriptions (shared schemas their $refs point into) are
  // skipped; anything else that fails to load fails the run.
  auto load_side = [&](const std::string& pattern) -> Result<std::vector<openapi::Document>> {
    auto files = expand_glob(pattern);
    if (!files) return std::unexpected(files.error());
    load.ref_root = glob_root(pattern);  // the files of one side may share schema files below it
    std::vector<openapi::Document> docs;
    for (const auto& file : *files) {
      auto doc = openapi::load(file, load);
      if (doc) {
        docs.push_back(std::move(*doc));
      } else if (doc.error().message.starts_with("not an OpenAPI description")) {
        skipped.push_back(file);
      } else {
        return std::unexpected(doc.error());
      }
    }
    if (docs.empty()) {
      return fail(ErrorKind::invalid_input, "no OpenAPI description among the files \"" + pattern + "\" matches",
                  pattern);
    }
    return docs;
  };
  auto base = load_side(*base_local);
  if (!base) return std::unexpected(shown(base.error(), base_rev, rev_rev));
  auto rev = load_side(*rev_local);
  if (!rev) return std::unexpected(shown(rev.error(), base_rev, rev_rev));
  double load_ms = ms_since(start);
  std::vector<const openapi::Document*> b, r;
  for (const auto& d : *base) b.push_back(&d);
  for (const auto& d : *rev) r.push_back(&d);
  auto report = compare_many(b, r, options);
  if (!report) return std::unexpected(shown(report.error(), base_rev, rev_rev));
  report->load_ms = load_ms;
  report->base_path = base_pattern + " (" + std::to_string(b.size()) + " files)";
  report->revision_path = revision_pattern + " (" + std::to_string(r.size()) + " files)";
  if (!skipped.empty()) {
    report->notes.push_back(std::to_string(skipped.size()) + " matched file(s) are not OpenAPI descriptions and were "
                            "not diffed on their own (first: " + skipped.front() + ")");
  }
  // Messages and file:line pointers name REV:path, never the temporary export.
  for (const auto* c : {&base_rev, &rev_rev}) {
    if (!*c) continue;
    for (auto& note : report->notes) note = (*c)->shown(note);
    for (auto& change : report->changes) change.source = (*c)->shown(change.source);
  }
  return report;
}

bool fails(const Report& report, std::optional<Level> fail_on) {
  if (!fail_on) return false;
  for (std::size_t l = static_cast<std::size_t>(*fail_on); l < report.counts.size(); ++l)
    if (report.counts[l] > 0) return true;
  return false;
}

}  // namespace sonde::diff
