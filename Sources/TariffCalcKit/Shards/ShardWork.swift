import Foundation

/// The folder of a sharded run (`--work`): the plan, each step's files and its manifest, and the mark of
/// a merged run. Every file is written whole under a temporary name, then renamed; a step's manifest is
/// renamed last, so that a step killed half-way has none and is simply run again.
///
/// ```
/// WORK/plan.json                 the plan (shard plan)
/// WORK/parts/I/K.csv, K.lines    input I's lines of shard K, their numbers in I (shard partition I)
/// WORK/parts/I/ids-K.bin         input I's record ids that hash to K (R24 b)
/// WORK/parts/I.done              the manifest of input I's partition
/// WORK/ids/K/J.bin, WORK/ids/K.done   copies by record id found in hash K, for shard J (shard ids K)
/// WORK/bills/J/…, WORK/bills/J.done   shard J's bills and rejects (shard bill J)
/// WORK/merged                    the run is merged into --out (shard merge)
/// ```
public struct ShardWork: Sendable {
  public let folder: String
  /// The mark of a work folder: the program may replace the files it names here.
  public static let mark = ".tariffcalc-shards"

  public init(_ folder: String) { self.folder = folder }

  public var planPath: String { "\(folder)/plan.json" }
  public var mergedPath: String { "\(folder)/merged" }
  func partFolder(_ input: Int) -> String { "\(folder)/parts/\(input)" }
  func partLines(_ input: Int, shard: Int) -> String { "\(partFolder(input))/\(shard).csv" }
  func partNumbers(_ input: Int, shard: Int) -> String { "\(partFolder(input))/\(shard).lines" }
  func partIDs(_ input: Int, hash: Int) -> String { "\(partFolder(input))/ids-\(hash).bin" }
  func partDone(_ input: Int) -> String { "\(folder)/parts/\(input).done" }
  func idsFolder(_ hash: Int) -> String { "\(folder)/ids/\(hash)" }
  func idsFor(_ hash: Int, shard: Int) -> String { "\(idsFolder(hash))/\(shard).bin" }
  func idsDone(_ hash: Int) -> String { "\(folder)/ids/\(hash).done" }
  func billFolder(_ shard: Int) -> String { "\(folder)/bills/\(shard)" }
  func billDone(_ shard: Int) -> String { "\(folder)/bills/\(shard).done" }

  /// Makes `folder` a work folder of the program's: creates it; refuses a folder that holds anything
  /// and is not one.
  public static func claim(_ folder: String) throws(FileError) {
    try AtomicFile.createFolder(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    if names.contains(mark) { return }
    guard names.isEmpty else {
      throw FileError(file: folder, message: "the folder holds files that are not a sharded run of tariffcalc (\(names.sorted()[0]), …): "
        + "give a new or empty --work folder; nothing was written or removed")
    }
    let file = try AtomicFile(path: "\(folder)/\(mark)")
    try file.write("# Written by tariffcalc shard plan: the steps of a sharded run may replace their files here.\n")
    try file.commit()
  }

  /// The plan of the folder; refuses a folder without one or with another kind of file.
  public func plan() throws -> ShardPlan {
    guard FileManager.default.fileExists(atPath: "\(folder)/\(ShardWork.mark)") else {
      throw FileError(file: folder, message: "not a work folder of tariffcalc shard plan")
    }
    return try ShardPlan.decode(try Inputs.contents(of: planPath, limit: 1 << 28), file: planPath)
  }

  /// A folder of a step, made if need be (its parents are the work folder's).
  func subfolder(_ path: String) throws(FileError) {
    let parent = (path as NSString).deletingLastPathComponent
    if parent != folder { try subfolder(parent) }
    try AtomicFile.createFolder(path)
  }

  /// Opens `path` to be written whole, its dead predecessors' temporary files removed.
  func create(_ path: String) throws(FileError) -> AtomicFile {
    AtomicFile.removeStale(beside: path)
    return try AtomicFile(path: path)
  }

  /// Writes `value` as the JSON manifest at `path`, whole, then renamed.
  func writeManifest<T: Encodable>(_ value: T, to path: String) throws {
    let file = try create(path)
    try file.write(ShardWork.json(value))
    try file.commit()
  }

  static func json<T: Encodable>(_ value: T) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array((try? encoder.encode(value)) ?? Data()) + [0x0A]
  }

  /// The manifest at `path` if it is there, readable and of `plan`; `nil` otherwise (the step is to run).
  func manifest<T: Decodable & OfAPlan>(_ type: T.Type, at path: String, plan: String) -> T? {
    guard FileManager.default.fileExists(atPath: path), let bytes = try? Inputs.contents(of: path, limit: 1 << 28),
          let value = try? JSONDecoder().decode(T.self, from: Data(bytes)), value.plan == plan
    else { return nil }
    return value
  }

  /// The manifest a step needs from an earlier one; refuses when it is missing.
  func required<T: Decodable & OfAPlan>(_ type: T.Type, at path: String, plan: String, step: String) throws -> T {
    guard let value = manifest(type, at: path, plan: plan) else {
      throw Problem("\(step) has not finished for this plan (no \(path)): run it first")
    }
    return value
  }
}

/// A step's manifest names the plan it was made for.
protocol OfAPlan { var plan: String { get } }

/// A file a step wrote: its size and CRC-32, checked by the steps that read it.
public struct WrittenFile: Codable, Sendable, Equatable {
  public var path: String
  public var size: Int
  public var crc: UInt32

  init(_ path: String, bytes size: Int, crc: UInt32) {
    self.path = path
    self.size = size
    self.crc = crc
  }

  /// The file is there with the size written (a step's files looked at before the step is skipped).
  var isThere: Bool { Inputs.modification(of: path)?.size == size }

  /// Refuses the file when it is not as written.
  func check() throws {
    let (size, crc) = try Inputs.checksum(of: path)
    guard size == self.size, crc == self.crc else {
      throw FileError(file: path, message: "is not as its step wrote it (\(size) bytes, CRC \(crc); written \(self.size), \(self.crc)): run the step again")
    }
  }
}

/// An `AtomicFile` that counts and checksums what goes through it.
final class CheckedFile {
  let file: AtomicFile
  private var crc: UInt32 = 0
  private(set) var size = 0

  init(_ file: AtomicFile) { self.file = file }

  func write(_ bytes: [UInt8]) throws(FileError) {
    guard !bytes.isEmpty else { return }
    crc = Inputs.checksum(bytes, continuing: crc)
    size += bytes.count
    try file.write(bytes)
  }

  /// Copies the rest of `source` in, checking it is `expected`: its CRC is checked as it is read, and
  /// counted in without reading the bytes again.
  func copy(_ source: SequentialFile, expected: WrittenFile, _ check: (SequentialFile, WrittenFile) throws -> Void) throws {
    let start = source.bytesRead
    try source.forEachPiece { try file.write($0) }
    try check(source, expected)
    crc = Inputs.checksum(combining: crc, expected.crc, secondLength: source.bytesRead - start)
    size += source.bytesRead - start
  }

  var written: WrittenFile { WrittenFile(file.path, bytes: size, crc: crc) }
}
