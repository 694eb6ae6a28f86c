#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Zeroed memory of many megabytes for a table read at random (the duplicate index), mapped in large
/// pages where the system gives them: one TLB entry covers 2 MiB instead of 4 KiB, so that a lookup that
/// misses the cache does not also wait for a page walk.
///
/// Its pages are written once before the table is used (``writePages(ofChunk:)``), a chunk of 2 MiB at a
/// time: by the maker at once, or, made with `written: false`, chunk by chunk by whoever has time (the
/// run's workers while they wait for their turns, ``DuplicateGate``).
struct LargeMemory {
  let base: UnsafeMutableRawPointer
  /// The bytes asked for, rounded up to whole pages: what ``chunks`` cover.
  let usable: Int
  private let mapped: Bool
  /// Where the mapping starts (before the alignment), and its bytes.
  private let origin: UnsafeMutableRawPointer
  private let mappedBytes: Int

  static let chunkBytes = 2 << 20
  private static let page = 4096

  /// - Parameter written: whether every page is written now; `false`: each chunk must be written with
  ///   ``writePages(ofChunk:)`` before the memory is used.
  init(bytes: Int, written: Bool = true) {
    let huge = LargeMemory.chunkBytes
    let page = LargeMemory.page
    let size = max(page, (bytes + page - 1) / page * page)
    usable = size
    #if os(Linux)
      // Mapped memory is zero already (cleared by the kernel as each page is first written): not cleared
      // again byte by byte. Large: one more huge page, so that the table can start on a huge-page boundary.
      let large = size >= huge
      if let p = mmap(nil, large ? size + huge : size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
        p != MAP_FAILED
      {
        let aligned = large ? UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: p) + huge - 1) / huge * huge)! : p  // not 0: inside the map
        if large { _ = madvise(aligned, size / huge * huge, Int32(MADV_HUGEPAGE)) }  // the tail in small pages
        base = aligned
        mappedBytes = large ? size + huge : size
        mapped = true
        origin = p
        if written {
          for k in 0..<chunks { writePages(ofChunk: k) }
        }
        return
      }
    #endif
    // No mmap: zeroed memory of the allocator's, written already.
    base = .allocate(byteCount: size, alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    mappedBytes = size
    mapped = false
    origin = base
  }

  /// How many chunks of 2 MiB (the last one shorter) the memory is written in.
  var chunks: Int { (usable + LargeMemory.chunkBytes - 1) / LargeMemory.chunkBytes }

  /// Writes a zero into each page of chunk `k`, which the kernel then maps (a huge page at once where it
  /// can). Written, not read: a page first read would map the shared zero page and its first write fault
  /// again, flushing every worker's TLB. Chunks are apart: two threads may write two at once.
  func writePages(ofChunk k: Int) {
    guard mapped else { return }  // the allocator's memory: written when allocated
    var at = k * LargeMemory.chunkBytes
    let end = min(usable, at + LargeMemory.chunkBytes)
    while at < end {
      base.storeBytes(of: 0, toByteOffset: at, as: UInt8.self)
      at += LargeMemory.page
    }
  }

  func free() {
    if mapped { munmap(origin, mappedBytes) } else { base.deallocate() }
  }
}
