// candor: screens remote hires for identity fraud. Thin: parses arguments, runs a command.
#include <CLI/CLI.hpp>

#include <iostream>

#include "candor/app/registry.hpp"
#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

int main(int argc, char** argv) {
  using namespace candor::cli;
  CLI::App app{"candor: catch remote-hire identity fraud (DPRK IT workers)", "candor"};
  app.require_subcommand(1);
  int exit_code = kExitClear;
  add_check_command(app, exit_code);
  add_batch_command(app, exit_code);
  add_report_command(app, exit_code);
  add_audit_command(app, exit_code);
  add_plugins_command(app, exit_code);
  add_feeds_command(app, exit_code);
  add_models_command(app, exit_code);
  add_index_command(app, exit_code);
  add_store_commands(app, exit_code);
  add_rescreen_command(app, exit_code);
  add_store_bench_command(subcommand_group(app, "bench"), exit_code);
  add_generate_command(subcommand_group(app, "bench"), exit_code);
  add_bench_report_command(subcommand_group(app, "bench"), exit_code);
  add_eval_scenarios_command(subcommand_group(app, "eval"), exit_code);
  add_eval_population_command(subcommand_group(app, "eval"), exit_code);
  add_eval_budget_command(subcommand_group(app, "eval"), exit_code);
  add_serve_command(app, exit_code);
  add_bench_serve_command(subcommand_group(app, "bench"), exit_code);
  add_bench_audit_command(subcommand_group(app, "bench"), exit_code);
  add_plugin_commands(app, exit_code);
  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "candor " << candor::version() << "\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits 100+; usage errors are exit 2 here.
    std::cerr << "candor: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const candor::InputError& e) {
    std::cerr << "candor: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const candor::ConfigError& e) {
    std::cerr << "candor: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const candor::DataError& e) {
    std::cerr << "candor: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const candor::StoreError& e) {
    std::cerr << "candor: store: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "candor: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return exit_code;
}
