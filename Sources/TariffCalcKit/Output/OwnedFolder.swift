import Foundation

/// The folders the program writes into, and the rule that keeps it from destroying what it did not make.
///
/// A folder is the program's when it creates it, or when it holds the mark the program leaves in every
/// folder it writes (a hidden file named for the kind of folder). The program replaces files only in
/// its own folders: a folder of someone else's is refused with its name (exit 2), never emptied.
public enum OwnedFolder {
  /// The mark of a data set written by `gen` (and `bench`): it lists the files written, one per line.
  public static let dataSetMark = ".tariffcalc-data-set"
  /// The mark of a bill run's output folder.
  public static let outputMark = ".tariffcalc-output"

  /// Makes `folder` a data set folder of the program's, to be filled anew: creates it if it does not
  /// exist; refuses it if it holds anything and is not marked as a data set. The files a previous
  /// data set listed are removed (the program wrote them); nothing else is touched.
  /// - Throws: ``FileError`` naming the folder and one file that is not the program's.
  public static func claimDataSet(_ folder: String) throws(FileError) {
    try AtomicFile.createFolder(folder)
    let names = entries(of: folder)
    guard !names.isEmpty else { return }
    guard names.contains(dataSetMark) else {
      throw FileError(file: folder, message: "the folder holds files that are not a data set of tariffcalc (\(names.sorted()[0]), …): "
        + "give a new or empty folder; nothing was written or removed")
    }
    for listed in listedFiles(folder) where !listed.contains("/") && listed != dataSetMark {
      unlink("\(folder)/\(listed)")
    }
  }

  /// Marks `folder` as a data set holding `files` (names within it).
  public static func markDataSet(_ folder: String, files: [String]) throws(FileError) {
    let mark = try AtomicFile(path: "\(folder)/\(dataSetMark)")
    try mark.write("# Written by tariffcalc gen: these files are a generated data set; gen and bench may replace them.\n"
      + files.map { $0 + "\n" }.joined())
    try mark.commit()
  }

  /// Whether `folder` is a data set of the program's that lists every one of `files`.
  public static func isDataSet(_ folder: String, holding files: [String]) -> Bool {
    let listed = Set(listedFiles(folder))
    return FileManager.default.fileExists(atPath: "\(folder)/\(dataSetMark)") && files.allSatisfy(listed.contains)
  }

  /// Makes sure `folder` is an output folder the program may write `names` into (creating it if need be):
  /// it may replace them when the folder is marked as its own (an earlier run's); in a folder of someone
  /// else's it refuses to replace any of them.
  /// - Throws: ``FileError`` naming the folder and the files it will not replace.
  public static func claimOutput(_ folder: String, writes names: [String]) throws(FileError) {
    try AtomicFile.createFolder(folder)
    let present = Set(entries(of: folder))
    guard !present.contains(outputMark) else { return }
    let clashes = names.filter(present.contains)
    guard clashes.isEmpty else {
      throw FileError(file: folder, message: "the folder holds \(clashes.joined(separator: ", ")) that tariffcalc did not write: "
        + "give another --out folder; nothing was replaced")
    }
  }

  /// Marks `folder` as an output folder of the program's: done before the first output is put in place,
  /// so that the outputs of a run killed half-way are known as the program's by the next run.
  public static func markOutput(_ folder: String) throws(FileError) {
    guard !FileManager.default.fileExists(atPath: "\(folder)/\(outputMark)") else { return }
    let mark = try AtomicFile(path: "\(folder)/\(outputMark)")
    try mark.write("# Written by tariffcalc bill: its runs may replace bills.jsonl, rejects.csv and summary.json here.\n")
    try mark.commit()
  }

  private static func entries(of folder: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
  }

  private static func listedFiles(_ folder: String) -> [String] {
    guard let text = Inputs.text(of: "\(folder)/\(dataSetMark)") else { return [] }
    return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
  }
}
