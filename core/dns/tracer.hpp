#pragma once
/// The trace engine's internals (see trace.hpp for the contract): a delegation cache, nested
/// lookups of glueless name servers and the per-zone race of servers.
#include <map>
#include <set>

#include "core/dns/reply_classifier.hpp"
#include "core/dns/trace.hpp"

namespace sonde::dns {

/// The servers of one zone cut, as far as known.
struct ZoneServers {
  std::string zone;
  std::vector<NameServer> servers;  ///< addresses empty for glueless names not yet looked up
  int depth = 0;
};

/// The outcome of resolving one name/type from the closest known zone cut.
struct Resolution {
  Verdict verdict = Verdict::lame;  ///< lame means it failed (see failure)
  Message reply;
  ZoneServers zone;
  std::string failure;
};

class Tracer {
 public:
  Tracer(const TraceOptions& opts, Transport& transport, TraceResult& result);
  /// Resolves qname/qtype, appending its steps to `steps`; `nesting` counts glueless lookups.
  Resolution resolve(const std::string& qname, std::uint16_t qtype, std::vector<Step>& steps, int nesting);
  /// The zone cuts met so far, lower case.
  std::vector<std::string> known_cuts() const;

 private:
  friend class ZoneRace;
  struct ZoneReply {
    bool ok = false;
    Message reply;
    Classified classified;
    std::string failure;
  };
  ZoneReply ask_zone(ZoneServers& zone, const std::string& qname, std::uint16_t qtype, std::vector<Step>& steps,
                     int nesting);
  /// Addresses of a name server found by a sub-trace from the root (recorded in `lookups`).
  std::vector<std::string> lookup_addresses(const std::string& ns, int nesting, std::vector<SubTrace>& lookups);
  std::optional<Completion> wait_for(const std::set<int>& mine, std::chrono::milliseconds max_wait);
  const ZoneServers& closest_cut(const std::string& qname, std::uint16_t qtype) const;
  bool out_of_budget(std::string& why) const;
  void add_problem(const Step& step, const std::string& problem);

  const TraceOptions& opts_;
  Transport& transport_;
  TraceResult& result_;
  std::chrono::steady_clock::time_point deadline_;
  std::map<std::string, ZoneServers> cuts_;                  ///< zone (lower case) -> servers
  std::map<std::string, std::vector<std::string>> addresses_;  ///< NS name -> looked-up addresses
  std::set<std::string> resolving_;                          ///< NS names being looked up now
  std::map<int, Completion> mailbox_;                        ///< completions of outer races
};

/// Fills rcode, flags and NSID of a step from a parsed reply.
void describe_reply(const Message& reply, Step& step);

}  // namespace sonde::dns
