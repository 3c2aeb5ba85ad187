#pragma once
// HDF5 output that never looks complete before it is: the file is written as
// "<path>.partial" and renamed to <path> by commit(); a writer destroyed before
// commit() (an error, an interruption) removes the partial file. Object time
// stamps are off, so the same content gives byte-identical files.
#include "engine/errors.h"

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kw::engine {

class H5Writer {
public:
  // Throws InputError("cannot write output 'path': <reason>") if the
  // directory does not exist or is not writable.
  explicit H5Writer(std::string path);
  ~H5Writer();
  H5Writer(const H5Writer&) = delete;
  H5Writer& operator=(const H5Writer&) = delete;

  // Checks, without leaving anything behind, that `path` can be written.
  static void check_writable(const std::string& path);

  // A file built in memory only (HDF5's core driver without a backing store):
  // image() hands back its bytes, which are a complete HDF5 file. Lets a run
  // be shipped to another process (MPI) or written atomically by the caller.
  static H5Writer in_memory();
  // The file's bytes; closes it, so no write may follow. In-memory files only.
  std::vector<unsigned char> image();

  // Copies object `source_object` ("/" for the whole file) of the HDF5 file
  // `source_file`, with everything below it and its attributes, to `dest` here.
  void copy_from(const std::string& source_file, const std::string& source_object, const std::string& dest);

  // Groups are created on demand for every dataset path ("/a/b/c" makes /a and /a/b).
  void create_group(const std::string& path);

  // Attributes on an existing object ("/" for the root).
  void attribute(const std::string& object, const std::string& name, const std::string& value);
  void attribute(const std::string& object, const std::string& name, double value);
  void attribute(const std::string& object, const std::string& name, std::int64_t value);

  // N-dimensional datasets in row-major order; dims.size() >= 1, product of
  // dims == data.size(). Datasets of more than 1024 elements are chunked and
  // deflate-compressed (level 4, with shuffle). Supported T: double, float,
  // int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t.
  template <class T>
  void write(const std::string& path, std::span<const T> data, std::vector<std::uint64_t> dims);
  template <class T>
  void write(const std::string& path, const std::vector<T>& data) {
    write<T>(path, std::span<const T>(data), {data.size()});
  }
  // Variable-length UTF-8 strings, 1-D unless dims (row-major) are given.
  void write_strings(const std::string& path, const std::vector<std::string>& values,
                     std::vector<std::uint64_t> dims = {});

  // Flushes, closes and renames the partial file to the final path.
  void commit();
  const std::string& path() const { return path_; }

private:
  struct InMemory {};
  H5Writer(std::string name, InMemory);
  std::string path_;
  std::string partial_;
  hid_t file_ = -1;
  bool committed_ = false;
  bool in_memory_ = false;
};

// Writes `bytes` to `path` so that the path never holds a partial file:
// a temporary next to it, fsync, rename, fsync of the directory.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

// Reading back, for tests and for tools that compare output files.
class H5Reader {
public:
  explicit H5Reader(const std::string& path);  // InputError if missing or not HDF5
  ~H5Reader();
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;

  bool exists(const std::string& path) const;
  std::vector<std::uint64_t> dims(const std::string& path) const;
  template <class T>
  std::vector<T> read(const std::string& path) const;  // converts to T
  std::vector<std::string> read_strings(const std::string& path) const;
  std::string attribute_string(const std::string& object, const std::string& name) const;
  double attribute_double(const std::string& object, const std::string& name) const;
  std::int64_t attribute_int(const std::string& object, const std::string& name) const;
  // Names of the members of a group, sorted.
  std::vector<std::string> list(const std::string& group) const;

private:
  hid_t file_ = -1;
};

}  // namespace kw::engine
