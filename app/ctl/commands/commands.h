#pragma once

// The commands of gpupoolctl, one function each; each ends the run with
// Run::finish() or Run::fail().
namespace gpupool::ctl {

class Run;

namespace commands {
void status(Run &run);
void endpoints(Run &run);
void gpus(Run &run);
void ps(Run &run);
void leases(Run &run);
void request(Run &run);
void runJob(Run &run); // "run"
void release(Run &run);
void renew(Run &run);
void queue(Run &run);
void cancel(Run &run);
void strategy(Run &run);
void configure(Run &run); // "config"
void load(Run &run);
void recover(Run &run);
void recoveryStatus(Run &run);
void watch(Run &run);
} // namespace commands

} // namespace gpupool::ctl
