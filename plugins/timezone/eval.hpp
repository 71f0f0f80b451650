#pragma once
// Training and evaluation on git logs whose recorded offsets are the truth: the chronotypes and
// their calibration (shipped by `candor models timezone-chronotypes`) and `candor eval timezone`.
#include <filesystem>
#include <string>
#include <vector>

#include "candor/app/plugin_command.hpp"
#include "chronotype.hpp"

namespace candor::plugins::timezone {

/// Events per window the chronotypes are learnt and calibrated on.
inline constexpr std::size_t kTrainWindow = 100;
/// Authors with fewer offset-bearing events teach the chronotypes nothing.
inline constexpr std::size_t kTrainMinEvents = 100;
/// Chronotypes learnt by default.
inline constexpr int kDefaultShapes = 4;
/// Events per window the calibration is fitted on, each length weighing alike, so that one
/// calibration holds for short and long histories.
inline constexpr std::size_t kCalibrationWindows[] = {50, 100, 200, 400};

/// One honest window of one author, offsets stripped.
struct EvalWindow {
  std::string author;
  int truth = 0;  ///< the window's most common non-zero recorded offset
  std::vector<Instant> slots;
};

/// A git log read once: its training windows (local time) and its evaluation windows.
struct LogData {
  std::string name;  ///< file name
  std::vector<AuthorEvents> authors;
  std::vector<LocalWindow> local;
  std::vector<EvalWindow> windows;
  /// Windows of each kCalibrationWindows length (every author with enough events).
  std::vector<std::vector<EvalWindow>> calibration;
};

/// Reads a log; evaluation windows of `window` events for every non-bot author with at least
/// max(window, 200) events (or only the authors named in `wanted`, lower case), and the
/// calibration windows.
LogData read_log(const std::filesystem::path& file, std::size_t window,
                 const std::vector<std::string>& wanted = {});

/// How chronotypes are trained: the shapes learnt, whether the one-profile statistic enters the
/// calibration, and the claim side's shift (Chronotypes::claim_shift_quarters).
struct TrainOptions {
  int shapes = kDefaultShapes;
  bool with_one_profile = false;
  int claim_shift_quarters = 0;
};

/// Chronotypes learnt from `logs` (all but `skip`, an index or -1) and calibrated on the
/// calibration windows of each of them held out in turn (shapes learnt from the others, scored
/// on the held-out one).
Chronotypes train_chronotypes(const std::vector<LogData>& logs, int skip,
                              const TrainOptions& options);

/// The training options of a command: --shapes (1-12) and --claim-shift (minutes, a multiple of
/// 15 up to 180); InputError naming the option otherwise. --with-one-profile is the eval's alone.
TrainOptions train_options(const app::CommandArgs& args);
/// Its help text, the same for every command that trains chronotypes.
inline constexpr const char* kClaimShiftHelp =
    "minutes a person's hours may sit from a chronotype at the claim (multiple of 15; the "
    "shipped model uses 0, plugins/timezone/README.md)";

/// Statistics of the true claim and of claims kChronoFarHours-12 hours away in `windows` (for
/// calibration).
void claim_statistics(const std::vector<EvalWindow>& windows, const Chronotypes& model,
                      std::vector<ClaimFeatures>& truths, std::vector<ClaimFeatures>& fars);

app::PluginCommand eval_command();
app::PluginCommand chronotypes_command();

}  // namespace candor::plugins::timezone
