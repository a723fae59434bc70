import Foundation

/// The figures computed since the store last changed, kept so the next evaluation reuses them:
/// a period move to the next month computes that month only, its previous month (needed for
/// the alerts' hysteresis) being the month just shown. Shared by the loader's threads, each
/// with its own connection whose change counter (`PRAGMA data_version`) is comparable only
/// with itself; so each connection reports its counter before it reads (`observe`) and any
/// change seen by any of them empties the cache for all. A month computed while the cache
/// was emptied is not kept (it may have been read before the change).
public final class FiguresCache: @unchecked Sendable {
    private struct Key: Hashable { var region: String?; var period: Period }
    private let lock = NSLock()
    /// Bumped by every emptying: a result computed under an older epoch is not kept.
    private var epoch = 0
    private var seen: [ObjectIdentifier: Int64] = [:]
    private var entries: [Key: Figures] = [:]
    /// Insertion order, oldest first, for the bound.
    private var order: [Key] = []
    /// Enough for a region and its children (the Regions view) at two months each.
    let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    /// What one load may use: the cache as it was when the load's connection last looked.
    public struct Lease: Sendable {
        let cache: FiguresCache
        let epoch: Int

        /// The figures of `period` in `region` (nil: the whole store): cached, or computed by
        /// `compute` (outside the lock) and kept unless the cache was emptied meanwhile.
        public func figures(region: String?, period: Period, compute: () throws -> Figures) rethrows -> Figures {
            let key = Key(region: region, period: period)
            if let hit = cache.lock.withLock({ cache.epoch == epoch ? cache.entries[key] : nil }) { return hit }
            let computed = try compute()
            cache.lock.withLock {
                guard cache.epoch == epoch, cache.entries[key] == nil else { return }
                cache.entries[key] = computed
                cache.order.append(key)
                if cache.order.count > cache.capacity { cache.entries[cache.order.removeFirst()] = nil }
            }
            return computed
        }
    }

    /// Called with `source`'s change counter before a load reads from it: a counter that moved
    /// (or a connection not seen before) empties the cache.
    public func observe(_ source: AnyObject, version: Int64) -> Lease {
        lock.withLock {
            let id = ObjectIdentifier(source)
            if seen[id] != version {
                seen[id] = version
                emptyLocked()
            }
            return Lease(cache: self, epoch: epoch)
        }
    }

    /// Forgets every month (as a store change does).
    public func removeAll() { lock.withLock { emptyLocked() } }

    private func emptyLocked() {
        epoch += 1
        entries = [:]
        order = []
    }
}
