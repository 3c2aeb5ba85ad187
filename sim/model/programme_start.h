#pragma once
// The world at the programme's start, shared between the runs of an
// experiment that can share it.
//
// Until the burn-in ends the model reads no parameter of the programme (which
// wijken are active, the kwartiermakers and their work) and the run length,
// and every random draw is keyed by (seed, replicate, week, stream, agent):
// so runs that differ only in those keys, with the same replicate, have the
// same world at that moment, bit for bit (tests/model/programme_start_test
// checks this key by key). A scale-up or pressure sweep then builds the
// population and runs the burn-in once per replicate instead of once per run.
#include "model/scenario.h"
#include "model/world.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kw::model {

// Whether the model first reads this parameter when the programme starts:
// programme.*, kwartiermaker.*, run.weeks and run.snapshot_every.
bool read_from_programme_start(std::string_view key);

// What, besides the wijk table's rows, decides a run's world at the
// programme's start: every other parameter's value (seed and replicate
// included), as "key=value" lines.
std::string programme_start_signature(const Scenario& s);

// What decides all of a run's results: every parameter's value, except that
// the programme's staffing keys (programme.active_wijken, kwartiermaker.per_wijk,
// .hours_per_week, .caseload and .budget_hours) are replaced by the staff
// they give: the active wijken, kwartiermakers per wijk and each one's
// contract (kwartiermaker_contract, population.h). Two runs with the same
// signature and wijk table rows give the same results, bit for bit: a fixed
// budget of 36 hours for two kwartiermakers is two contracts of 18 hours.
// An experiment runs such runs once (experiment.h, Experiment::twin_of).
std::string run_signature(const Scenario& s);

// The world of scenario s after its burn-in, with its own programme staffed,
// ready for Model to run the programme's weeks. nullptr if `stop()` became
// true first.
std::unique_ptr<World> world_at_programme_start(const Scenario& s, const std::function<bool()>& stop);

// Worlds at the programme's start, kept for the next runs with the same
// signature; the least recently used is dropped beyond `capacity`.
// Thread-safe. Two threads that miss the same world at once both build it (no
// thread waits for another); what they build is the same.
class ProgrammeStartCache {
public:
  explicit ProgrammeStartCache(std::size_t capacity) : capacity_(capacity) {}
  // As world_at_programme_start, from a kept copy when there is one.
  std::unique_ptr<World> world(const Scenario& s, const std::function<bool()>& stop);
  std::size_t builds() const { return builds_; }  // worlds built, not copied

private:
  struct Key {
    std::string signature;
    std::vector<WijkRow> rows;
    bool operator==(const Key&) const = default;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  using Kept = std::list<std::pair<Key, std::shared_ptr<const World>>>;
  Kept kept_;  // most recently used first
  std::size_t builds_ = 0;
  // The kept world of `key`, or kept_.end(); with the mutex held.
  Kept::iterator find(const Key& key) {
    return std::find_if(kept_.begin(), kept_.end(), [&](const auto& k) { return k.first == key; });
  }
};

}  // namespace kw::model
