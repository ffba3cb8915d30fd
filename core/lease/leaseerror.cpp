#include "lease/leaseerror.h"

namespace gpupool::lease {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
#define GPUPOOL_ERROR_CODE_NAME(c, name)                                                                               \
    case ErrorCode::c: return QStringLiteral(name);
        GPUPOOL_LEASE_ERROR_CODES(GPUPOOL_ERROR_CODE_NAME)
#undef GPUPOOL_ERROR_CODE_NAME
    }
    return QString();
}

} // namespace gpupool::lease
