#include "scrollbarcachestyle.h"

#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyleOptionSlider>

namespace gpupool::ui {

namespace {

// Everything the base style's picture of a scroll bar can depend on.
QString cacheKey(const QStyleOptionSlider &o, qreal dpr)
{
    return QStringLiteral("gpupool-sb-%1x%2@%3-%4-%5-%6-%7-%8-%9-%10-%11-%12-%13-%14")
        .arg(o.rect.width())
        .arg(o.rect.height())
        .arg(dpr)
        .arg(int(o.orientation))
        .arg(o.minimum)
        .arg(o.maximum)
        .arg(o.sliderPosition)
        .arg(o.pageStep)
        .arg(int(o.state))
        .arg(int(o.activeSubControls))
        .arg(int(o.subControls))
        .arg(o.palette.cacheKey())
        .arg(int(o.direction))
        .arg(int(o.upsideDown));
}

} // namespace

void ScrollBarCacheStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option,
                                             QPainter *painter, const QWidget *widget) const
{
    const auto *slider = qstyleoption_cast<const QStyleOptionSlider *>(option);
    if (control != CC_ScrollBar || !slider || option->rect.isEmpty()
        || painter->transform().type() > QTransform::TxTranslate) {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    const qreal dpr = painter->device()->devicePixelRatio();
    const QString key = cacheKey(*slider, dpr);
    QPixmap picture;
    if (!QPixmapCache::find(key, &picture)) {
        picture = QPixmap(option->rect.size() * dpr);
        picture.setDevicePixelRatio(dpr);
        picture.fill(Qt::transparent);
        QStyleOptionSlider local = *slider;
        local.rect.moveTo(0, 0);
        QPainter p(&picture);
        QProxyStyle::drawComplexControl(control, &local, &p, widget);
        p.end();
        QPixmapCache::insert(key, picture);
    }
    painter->drawPixmap(option->rect.topLeft(), picture);
}

} // namespace gpupool::ui
