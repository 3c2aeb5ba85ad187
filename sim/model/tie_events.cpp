#include "model/tie_events.h"

namespace kw::model {

namespace {

// The loops, written once and compiled for each instruction set below.
template <class = void>
[[gnu::always_inline]] inline void contact_waits_loop(std::uint32_t n, const float* inv_log_stay,
                                                      const std::uint32_t* word, std::int32_t* to_contact) {
  for (std::uint32_t k = 0; k < n; ++k) to_contact[k] = weeks_to_contact(inv_log_stay[k], engine::unit_complement(word[k]));
}

template <class = void>
[[gnu::always_inline]] inline void next_events_loop(std::uint32_t n, std::uint16_t week, float inv_threshold,
                                                    const float* weight, const float* vanish_scale,
                                                    const std::int32_t* to_contact, std::uint16_t* next) {
  for (std::uint32_t k = 0; k < n; ++k)
    next[k] = static_cast<std::uint16_t>(
        week + TieDecay::weeks_to_event_scaled(weight[k] * inv_threshold, vanish_scale[k], to_contact[k]));
}

void contact_waits_baseline(std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word,
                            std::int32_t* to_contact) {
  contact_waits_loop(n, inv_log_stay, word, to_contact);
}

void next_events_baseline(std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight,
                          const float* vanish_scale, const std::int32_t* to_contact, std::uint16_t* next) {
  next_events_loop(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void contact_waits_avx2(std::uint32_t n, const float* inv_log_stay,
                                                         const std::uint32_t* word, std::int32_t* to_contact) {
  contact_waits_loop(n, inv_log_stay, word, to_contact);
}

__attribute__((target("avx2"))) void next_events_avx2(std::uint32_t n, std::uint16_t week, float inv_threshold,
                                                       const float* weight, const float* vanish_scale,
                                                       const std::int32_t* to_contact, std::uint16_t* next) {
  next_events_loop(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}
#endif

}  // namespace

void contact_waits(std::uint32_t n, const float* inv_log_stay, const std::uint32_t* word, std::int32_t* to_contact,
                   engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level != engine::SimdLevel::Baseline) return contact_waits_avx2(n, inv_log_stay, word, to_contact);
#endif
  (void)level;
  contact_waits_baseline(n, inv_log_stay, word, to_contact);
}

void next_events(std::uint32_t n, std::uint16_t week, float inv_threshold, const float* weight,
                 const float* vanish_scale, const std::int32_t* to_contact, std::uint16_t* next,
                 engine::SimdLevel level) {
#if defined(__x86_64__)
  if (level != engine::SimdLevel::Baseline)
    return next_events_avx2(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
#endif
  (void)level;
  next_events_baseline(n, week, inv_threshold, weight, vanish_scale, to_contact, next);
}

}  // namespace kw::model
