#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Zeroed memory of many megabytes for a table read at random (the duplicate index), mapped in large
/// pages where the system gives them: one TLB entry covers 2 MiB instead of 4 KiB, so that a lookup that
/// misses the cache does not also wait for a page walk.
struct LargeMemory {
  let base: UnsafeMutableRawPointer
  let bytes: Int
  private let mapped: Bool

  init(bytes: Int) {
    let huge = 2 << 20
    let page = 4096
    let size = max(page, (bytes + page - 1) / page * page)
    #if os(Linux)
      // Mapped memory is zero already (cleared by the kernel as each page is first written): not cleared
      // again byte by byte. Large: one more huge page, so that the table can start on a huge-page boundary.
      let large = size >= huge
      if let p = mmap(nil, large ? size + huge : size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
        p != MAP_FAILED
      {
        let aligned = large ? UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: p) + huge - 1) / huge * huge)! : p  // not 0: inside the map
        if large { _ = madvise(aligned, size / huge * huge, Int32(MADV_HUGEPAGE)) }  // the tail in small pages
        // Written now, a page at a time: a page first read (a lookup's touch) would map the shared zero
        // page and its first write fault again, flushing every worker's TLB.
        var at = 0
        while at < size {
          aligned.storeBytes(of: 0, toByteOffset: at, as: UInt8.self)
          at += page
        }
        self.base = aligned
        self.bytes = large ? size + huge : size
        self.mapped = true
        self.origin = p
        return
      }
    #endif
    // No mmap: zeroed memory of the allocator's.
    base = .allocate(byteCount: size, alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    self.bytes = size
    mapped = false
    origin = base
  }

  /// Where the mapping starts (before the alignment).
  private let origin: UnsafeMutableRawPointer

  func free() {
    if mapped { munmap(origin, bytes) } else { base.deallocate() }
  }
}
