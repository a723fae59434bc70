import Foundation

/// The figures computed since the store last changed, kept so the next evaluation reuses them:
/// a period move to the next month computes that month only, its previous month (needed for
/// the alerts' hysteresis) being the month just shown. Shared by the loader's threads, each
/// with its own connection whose change counter (`PRAGMA data_version`) is comparable only
/// with itself; so each connection reports its counter before it reads (`observe`) and any
/// change seen by any of them empties the cache for all. A month computed while the cache
/// was emptied is not kept (it may have been read before the change).
///
/// A month being computed is marked, so a second thread asking for it waits for that result
/// rather than computing it again: a period move back reads the month on one thread and,
/// through `prefill`, its previous month on another (BackgroundLoader), and the alerts take
/// the previous month when it is ready.
public final class FiguresCache: @unchecked Sendable {
    private struct Key: Hashable { var region: String?; var period: Period }
    private let condition = NSCondition()
    /// Bumped by every emptying: a result computed under an older epoch is not kept.
    private var epoch = 0
    private var seen: [ObjectIdentifier: Int64] = [:]
    private var entries: [Key: Figures] = [:]
    /// The months being computed, with the epoch they are computed under.
    private var computing: [Key: Int] = [:]
    /// Insertion order, oldest first, for the bound.
    private var order: [Key] = []
    /// Enough for a region and its children (the Regions view) at two months each.
    let capacity: Int

    public init(capacity: Int = 64) { self.capacity = capacity }

    /// What one load may use: the cache as it was when the load's connection last looked.
    /// Two leases are equal when nothing was emptied between them: what one computes, the
    /// other may use.
    public struct Lease: Sendable, Equatable {
        let cache: FiguresCache
        let epoch: Int

        public static func == (a: Lease, b: Lease) -> Bool { a.cache === b.cache && a.epoch == b.epoch }

        /// The figures of `period` in `region` (nil: the whole store): cached, being computed
        /// by another thread (waited for), or computed by `compute` (outside the lock) and
        /// kept unless the cache was emptied meanwhile.
        public func figures(region: String?, period: Period, compute: () throws -> Figures) rethrows -> Figures {
            let key = Key(region: region, period: period)
            let hit: Figures? = cache.condition.withLock {
                while cache.epoch == epoch, cache.entries[key] == nil, cache.computing[key] == epoch { cache.condition.wait() }
                if cache.epoch == epoch, let hit = cache.entries[key] { return hit }
                if cache.epoch == epoch { cache.computing[key] = epoch }
                return nil
            }
            if let hit { return hit }
            return try cache.compute(key, epoch: epoch, compute)
        }

        /// Computes the month for a later `figures` unless it is kept or being computed: never
        /// waits for another thread.
        public func prefill(region: String?, period: Period, compute: () throws -> Figures) rethrows {
            let key = Key(region: region, period: period)
            let wanted: Bool = cache.condition.withLock {
                guard cache.epoch == epoch, cache.entries[key] == nil, cache.computing[key] != epoch else { return false }
                cache.computing[key] = epoch
                return true
            }
            if wanted { _ = try cache.compute(key, epoch: epoch, compute) }
        }
    }

    /// Runs `compute` for a month marked as being computed under `epoch`; keeps the result
    /// unless the cache was emptied meanwhile, and wakes the threads waiting for it (also
    /// when it throws: they compute it themselves).
    private func compute(_ key: Key, epoch: Int, _ compute: () throws -> Figures) rethrows -> Figures {
        var computed: Figures?
        defer {
            condition.withLock {
                if computing[key] == epoch { computing[key] = nil }
                if let computed, self.epoch == epoch, entries[key] == nil {
                    entries[key] = computed
                    order.append(key)
                    if order.count > capacity { entries[order.removeFirst()] = nil }
                }
                condition.broadcast()
            }
        }
        computed = try compute()
        return computed!
    }

    /// Called with `source`'s change counter before a load reads from it: a counter that moved
    /// (or a connection not seen before) empties the cache.
    public func observe(_ source: AnyObject, version: Int64) -> Lease {
        condition.withLock {
            let id = ObjectIdentifier(source)
            if seen[id] != version {
                seen[id] = version
                emptyLocked()
            }
            return Lease(cache: self, epoch: epoch)
        }
    }

    /// Forgets every month (as a store change does).
    public func removeAll() { condition.withLock { emptyLocked() } }

    private func emptyLocked() {
        epoch += 1
        entries = [:]
        computing = [:]
        order = []
        // Threads waiting for a month of the old epoch compute it themselves.
        condition.broadcast()
    }
}
