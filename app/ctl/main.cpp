// gpupoolctl: the GPU pool from the command line. Wiring only: the pieces
// worth testing live in core/cli and core/pool; the integration tests run
// this program against real gpupool-statd processes.

#include "commandline.h"
#include "output.h"
#include "run.h"
#include "util/logging.h"
#include "util/translations.h"

#include <gpupool/version.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

using namespace gpupool;
using namespace gpupool::ctl;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    installTranslations(app);
    QCoreApplication::setOrganizationName(QStringLiteral("gpupool"));
    QCoreApplication::setApplicationName(QStringLiteral("gpupoolctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GPUPOOL_VERSION));

    const ParseOutcome parsed = parseCommandLine(QCoreApplication::arguments());
    Output output(parsed.json);
    switch (parsed.kind) {
    case ParseOutcome::Kind::Help:
    case ParseOutcome::Kind::Version: output.print(parsed.text); return 0;
    case ParseOutcome::Kind::Error: return output.fail(cli::ExitStatus::Usage, QStringLiteral("usage"), parsed.text);
    case ParseOutcome::Kind::Run: break;
    }
    // A command's output is its result: the modules' informational messages
    // ("stopped", ...) stay out of it unless --debug asks for everything.
    if (parsed.invocation.debug)
        enableDebugLogging();
    else
        QLoggingCategory::setFilterRules(QStringLiteral("gpupool.*.info=false"));

    Run run(parsed.invocation, output);
    QTimer::singleShot(0, &run, &Run::start);
    return app.exec();
}
