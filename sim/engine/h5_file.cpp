#include "engine/h5_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace kw::engine {
namespace {

namespace fs = std::filesystem;

// HDF5 prints its whole error stack to stderr by default. Failures become
// exceptions with one-line messages instead, so the printing is switched off.
// (The Debian library is thread-safe; the setting is per thread, hence every
// entry point calls this.)
void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// The most specific description on HDF5's error stack, for the message of the
// exception that reports the failure. Must be called right after the failing
// call: any later successful API call (closing a handle, say) clears the stack.
std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
        return 0;
      },
      &reason);
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  return reason.empty() ? "unknown HDF5 error" : reason;
}

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Id {
public:
  using Closer = herr_t (*)(hid_t);
  Id(hid_t id, Closer close) : id_(id), close_(close) {}
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  Id(Id&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

private:
  hid_t id_;
  Closer close_;
};

// Internal failures (the library refusing a call on a file we created) are not
// the user's fault, so they are std::runtime_error rather than InputError.
[[noreturn]] void fail(const std::string& file, const std::string& what) {
  throw std::runtime_error("HDF5 error in '" + file + "': " + what + ": " + hdf5_reason());
}

// The reason a file could not be created, worded for a user.
std::string errno_reason(int err) {
  switch (err) {
  case EACCES:
  case EPERM: return "permission denied";
  case EROFS: return "read-only file system";
  case ENOSPC: return "no space left on device";
  case ENOENT: return "no such file or directory";
  case ENOTDIR: return "a component of the path is not a directory";
  default: return std::strerror(err);
  }
}

// Components of an object path; "/a/b", "a/b" and "/a//b/" all give {a, b}.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    if (end > begin) parts.push_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

// H5Lexists only checks the last component, and fails (instead of returning
// false) when an earlier one is missing or is not a group, so every level is
// checked in turn. The final H5Oexists_by_name rejects dangling soft links.
bool object_exists(hid_t file, const std::string& path) {
  std::string prefix;
  for (const std::string& part : split_path(path)) {
    prefix += "/" + part;
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return prefix.empty() || H5Oexists_by_name(file, prefix.c_str(), H5P_DEFAULT) > 0;
}

bool is_group(hid_t file, const std::string& path) {
  if (!object_exists(file, path)) return false;
  const hid_t object = H5Oopen(file, path.empty() ? "/" : path.c_str(), H5P_DEFAULT);
  if (object < 0) return false;
  const bool group = H5Iget_type(object) == H5I_GROUP;
  H5Oclose(object);
  return group;
}

// Memory and file types per element type. The file types are the
// little-endian standard types, so files read the same on every machine; the
// library converts from the native memory type.
template <class T>
struct H5Types;
#define KW_H5_TYPES(T, MEMORY, FILE)                  \
  template <>                                         \
  struct H5Types<T> {                                 \
    static hid_t memory() { return MEMORY; }          \
    static hid_t file() { return FILE; }              \
  };
KW_H5_TYPES(double, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE)
KW_H5_TYPES(float, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE)
KW_H5_TYPES(std::int8_t, H5T_NATIVE_INT8, H5T_STD_I8LE)
KW_H5_TYPES(std::uint8_t, H5T_NATIVE_UINT8, H5T_STD_U8LE)
KW_H5_TYPES(std::int16_t, H5T_NATIVE_INT16, H5T_STD_I16LE)
KW_H5_TYPES(std::uint16_t, H5T_NATIVE_UINT16, H5T_STD_U16LE)
KW_H5_TYPES(std::int32_t, H5T_NATIVE_INT32, H5T_STD_I32LE)
KW_H5_TYPES(std::uint32_t, H5T_NATIVE_UINT32, H5T_STD_U32LE)
KW_H5_TYPES(std::int64_t, H5T_NATIVE_INT64, H5T_STD_I64LE)
KW_H5_TYPES(std::uint64_t, H5T_NATIVE_UINT64, H5T_STD_U64LE)
#undef KW_H5_TYPES

// Variable-length UTF-8 strings: h5py reads them as str (attributes) or as
// bytes objects (dataset elements, unless .asstr() is used).
Id utf8_string_type(const std::string& file) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.ok() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0)
    fail(file, "cannot make the string type");
  return type;
}

// Link creation: missing parent groups are made on the way (they carry no
// time stamps either; HDF5 makes them with its default group properties,
// which the byte-identity test covers), and names are marked as UTF-8.
Id link_properties(const std::string& file) {
  Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  if (!lcpl.ok() || H5Pset_create_intermediate_group(lcpl.get(), 1) < 0 ||
      H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8) < 0)
    fail(file, "cannot set up link properties");
  return lcpl;
}

// Dataset creation without time stamps (they would make identical runs give
// different files); chunked and compressed when given chunk dimensions.
Id dataset_properties(const std::string& file, const std::vector<hsize_t>& chunk) {
  Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!dcpl.ok() || H5Pset_obj_track_times(dcpl.get(), 0) < 0)
    fail(file, "cannot set up dataset properties");
  if (!chunk.empty()) {
    // Shuffle groups the bytes of equal significance together, which is what
    // lets deflate compress slowly varying numbers well; level 4 is most of
    // the gain of level 9 at a fraction of the time.
    if (H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()) < 0 ||
        H5Pset_shuffle(dcpl.get()) < 0 || H5Pset_deflate(dcpl.get(), 4) < 0)
      fail(file, "cannot set up chunked compression");
  }
  return dcpl;
}

// Chunk dimensions for a dataset: whole trailing dimensions (for weeks x wijken,
// whole rows), as many as fit in 64 KiB, so a chunk is 32-64 KiB unless a
// single row is larger; then the next dimension is split in the same way.
// Chunks much smaller compress worse and cost index overhead; much larger ones
// must be decompressed whole to read a single value.
std::vector<hsize_t> chunk_dims(const std::vector<std::uint64_t>& dims, std::size_t element_size) {
  constexpr std::uint64_t max_bytes = 64 * 1024;
  std::vector<hsize_t> chunk(dims.begin(), dims.end());
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    std::uint64_t inner = element_size;  // bytes of one step along dimension i
    for (std::size_t j = i + 1; j < chunk.size(); ++j) inner *= chunk[j];
    if (inner * chunk[i] <= max_bytes) break;
    chunk[i] = std::max<std::uint64_t>(1, max_bytes / inner);
    if (inner <= max_bytes) break;  // the inner dimensions fit whole
  }
  return chunk;
}

// Creates a numeric dataset and writes `data` (row-major, product of dims
// elements, already checked) into it.
void write_dataset(hid_t file, const std::string& file_path, const std::string& path, hid_t file_type,
                   hid_t memory_type, std::size_t element_size, const void* data,
                   const std::vector<std::uint64_t>& dims, std::uint64_t count) {
  const std::string what = "dataset '" + path + "'";
  const std::vector<hsize_t> shape(dims.begin(), dims.end());
  // Small datasets stay contiguous: chunk indexing and filter headers would
  // cost more than compression saves. Empty ones are always contiguous (a
  // chunk cannot have a zero dimension); h5py reads them as empty arrays.
  const std::vector<hsize_t> chunk = count > 1024 ? chunk_dims(dims, element_size) : std::vector<hsize_t>{};
  Id space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose);
  if (!space.ok()) fail(file_path, "cannot make the dataspace of " + what);
  Id lcpl = link_properties(file_path);
  Id dcpl = dataset_properties(file_path, chunk);
  Id dataset(H5Dcreate2(file, path.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
             H5Dclose);
  if (!dataset.ok()) fail(file_path, "cannot create " + what);
  if (count > 0 && H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    fail(file_path, "cannot write " + what);
}

void check_object_path(const std::string& path, const char* kind) {
  if (split_path(path).empty())
    throw std::invalid_argument(std::string("HDF5 ") + kind + " path '" + path + "' names no object");
}

// Strings are stored NUL-terminated, so an embedded NUL would silently cut
// the value short; refuse it instead.
void check_no_nul(const std::string& value, const std::string& where) {
  if (value.find('\0') != std::string::npos)
    throw std::invalid_argument("string for " + where + " contains a NUL character");
}

// File access for the writer and the reader. File locking stays on, but is
// skipped on file systems that do not support it instead of failing there.
// The writer asks for the "semi" close degree: H5Fclose then fails, rather
// than silently leaving the file open, if some object handle were still open,
// so commit() never renames a file that is still being written. The reader
// keeps the default degree, because HDF5 refuses to open a file a second time
// in one process with a different degree.
Id file_access(const std::string& file, bool writing) {
  Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!fapl.ok() || H5Pset_file_locking(fapl.get(), 1, 1) < 0 ||
      (writing && H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI) < 0))
    fail(file, "cannot set up file access properties");
  return fapl;
}

// The attribute's value is written by `write(attribute_id)`; an existing
// attribute of the same name is replaced.
template <class WriteValue>
void write_attribute(hid_t file, const std::string& file_path, const std::string& object,
                     const std::string& name, hid_t file_type, WriteValue write) {
  const std::string what = "attribute '" + name + "' of '" + object + "'";
  Id target(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose);
  if (!target.ok()) fail(file_path, "cannot open '" + object + "' to set " + what);
  const htri_t exists = H5Aexists(target.get(), name.c_str());
  if (exists < 0 || (exists > 0 && H5Adelete(target.get(), name.c_str()) < 0))
    fail(file_path, "cannot replace " + what);
  Id acpl(H5Pcreate(H5P_ATTRIBUTE_CREATE), H5Pclose);
  if (!acpl.ok() || H5Pset_char_encoding(acpl.get(), H5T_CSET_UTF8) < 0)
    fail(file_path, "cannot set up " + what);
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  if (!space.ok()) fail(file_path, "cannot make the dataspace of " + what);
  Id attr(H5Acreate2(target.get(), name.c_str(), file_type, space.get(), acpl.get(), H5P_DEFAULT),
          H5Aclose);
  if (!attr.ok()) fail(file_path, "cannot create " + what);
  if (write(attr.get()) < 0) fail(file_path, "cannot write " + what);
}

// HDF5 does not sync on close; without this, a crash shortly after commit()
// could leave the renamed file present but with its contents not yet on disk.
void sync_to_disk(const std::string& file, const std::string& reported) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError("cannot write output '" + reported + "': " + errno_reason(errno));
  const bool synced = ::fsync(fd) == 0 || errno == EINVAL;  // EINVAL: no sync on this file system
  const int err = errno;
  ::close(fd);
  if (!synced) throw InputError("cannot write output '" + reported + "': " + errno_reason(err));
}

}  // namespace

// ---------------------------------------------------------------- H5Writer

H5Writer::H5Writer(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
  silence_hdf5_errors();
  check_writable(path_);
  Id fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!fcpl.ok() || H5Pset_obj_track_times(fcpl.get(), 0) < 0)  // for the root group
    fail(path_, "cannot set up file creation properties");
  Id fapl = file_access(path_, true);
  file_ = H5Fcreate(partial_.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  if (file_ < 0)
    throw InputError("cannot write output '" + path_ + "': cannot create '" + partial_ + "': " + hdf5_reason());
}

H5Writer::H5Writer(std::string name, InMemory) : path_(std::move(name)), in_memory_(true) {
  silence_hdf5_errors();
  Id fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!fcpl.ok() || H5Pset_obj_track_times(fcpl.get(), 0) < 0)
    fail(path_, "cannot set up file creation properties");
  Id fapl = file_access(path_, true);
  // No backing store: nothing touches the disk. The name only has to be
  // unique among the files open in this process.
  if (H5Pset_fapl_core(fapl.get(), 1 << 20, 0) < 0) fail(path_, "cannot set up the in-memory driver");
  file_ = H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  if (file_ < 0) fail(path_, "cannot create the in-memory file");
}

H5Writer H5Writer::in_memory() {
  static std::atomic<unsigned> counter{0};
  return H5Writer("kwartier-memory-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".h5",
                  InMemory{});
}

std::vector<unsigned char> H5Writer::image() {
  if (!in_memory_) throw std::logic_error("H5Writer: image() of a file on disk");
  if (file_ < 0) throw std::logic_error("H5Writer: image() twice");
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) fail(path_, "cannot flush");
  const ssize_t size = H5Fget_file_image(file_, nullptr, 0);
  if (size < 0) fail(path_, "cannot size the file image");
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file_, bytes.data(), bytes.size()) != size) fail(path_, "cannot copy the file image");
  if (H5Fclose(std::exchange(file_, -1)) < 0) fail(path_, "cannot close");
  committed_ = true;
  return bytes;
}

void H5Writer::copy_from(const std::string& source_file, const std::string& source_object, const std::string& dest) {
  check_object_path(dest, "copy destination");
  if (file_ < 0) throw std::logic_error("H5Writer: copy_from() after commit()");
  Id fapl = file_access(source_file, false);
  Id src(H5Fopen(source_file.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
  if (!src.ok()) throw InputError("cannot read '" + source_file + "': not an HDF5 file (" + hdf5_reason() + ")");
  Id lcpl = link_properties(path_);
  if (H5Ocopy(src.get(), source_object.c_str(), file_, dest.c_str(), H5P_DEFAULT, lcpl.get()) < 0)
    fail(path_, "cannot copy '" + source_object + "' of '" + source_file + "' to '" + dest + "'");
}

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
  const std::string partial = path + ".partial";
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError("cannot write output '" + path + "': " + errno_reason(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(partial.c_str());
      throw InputError("cannot write output '" + path + "': " + errno_reason(err));
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0 || errno == EINVAL;
  const int err = errno;
  ::close(fd);
  if (!synced) {
    ::unlink(partial.c_str());
    throw InputError("cannot write output '" + path + "': " + errno_reason(err));
  }
  if (::rename(partial.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(partial.c_str());
    throw InputError("cannot write output '" + path + "': " + errno_reason(e));
  }
  // The rename itself is durable only once the directory is synced.
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

H5Writer::~H5Writer() {
  if (file_ >= 0) H5Fclose(file_);
  if (!committed_ && !in_memory_) {
    std::error_code ignored;  // nothing useful to do about a failure here
    fs::remove(partial_, ignored);
  }
}

void H5Writer::check_writable(const std::string& path) {
  const std::string prefix = "cannot write output '" + path + "': ";
  if (path.empty()) throw InputError(prefix + "the path is empty");
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  const fs::file_status dir_status = fs::status(dir, ec);
  if (!fs::exists(dir_status)) throw InputError(prefix + "directory '" + dir.string() + "' does not exist");
  if (!fs::is_directory(dir_status)) throw InputError(prefix + "'" + dir.string() + "' is not a directory");
  if (fs::is_directory(fs::status(path, ec))) throw InputError(prefix + "it is a directory");

  // Permission bits do not tell the whole story (read-only mounts, ACLs,
  // root), so try it: create a file next to the output and remove it again.
  // The name is unique per process and call, so concurrent checks of the same
  // path cannot collide.
  static std::atomic<unsigned> counter{0};
  const fs::path probe =
      dir / (".kw-write-test." + std::to_string(::getpid()) + "." + std::to_string(counter++));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw InputError(prefix + errno_reason(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

void H5Writer::create_group(const std::string& path) {
  check_object_path(path, "group");
  if (file_ < 0) throw std::logic_error("H5Writer: create_group('" + path + "') after commit()");
  if (object_exists(file_, path)) {
    if (!is_group(file_, path))
      throw std::invalid_argument("HDF5 group '" + path + "' in '" + path_ + "' exists and is not a group");
    return;
  }
  Id gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  if (!gcpl.ok() || H5Pset_obj_track_times(gcpl.get(), 0) < 0)
    fail(path_, "cannot set up properties of group '" + path + "'");
  Id lcpl = link_properties(path_);
  Id group(H5Gcreate2(file_, path.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT), H5Gclose);
  if (!group.ok()) fail(path_, "cannot create group '" + path + "'");
}

void H5Writer::attribute(const std::string& object, const std::string& name, const std::string& value) {
  if (file_ < 0) throw std::logic_error("H5Writer: attribute '" + name + "' after commit()");
  check_no_nul(value, "attribute '" + name + "' of '" + object + "'");
  Id type = utf8_string_type(path_);
  const char* text = value.c_str();
  write_attribute(file_, path_, object, name, type.get(),
                  [&](hid_t attr) { return H5Awrite(attr, type.get(), &text); });
}

void H5Writer::attribute(const std::string& object, const std::string& name, double value) {
  if (file_ < 0) throw std::logic_error("H5Writer: attribute '" + name + "' after commit()");
  write_attribute(file_, path_, object, name, H5T_IEEE_F64LE,
                  [&](hid_t attr) { return H5Awrite(attr, H5T_NATIVE_DOUBLE, &value); });
}

void H5Writer::attribute(const std::string& object, const std::string& name, std::int64_t value) {
  if (file_ < 0) throw std::logic_error("H5Writer: attribute '" + name + "' after commit()");
  write_attribute(file_, path_, object, name, H5T_STD_I64LE,
                  [&](hid_t attr) { return H5Awrite(attr, H5T_NATIVE_INT64, &value); });
}

template <class T>
void H5Writer::write(const std::string& path, std::span<const T> data, std::vector<std::uint64_t> dims) {
  check_object_path(path, "dataset");
  if (file_ < 0) throw std::logic_error("H5Writer: write('" + path + "') after commit()");
  if (dims.empty()) throw std::invalid_argument("HDF5 dataset '" + path + "': no dimensions given");
  std::uint64_t count = 1;
  std::string shape;
  for (std::uint64_t d : dims) {
    if (__builtin_mul_overflow(count, d, &count))
      throw std::invalid_argument("HDF5 dataset '" + path + "': dimensions overflow");
    if (!shape.empty()) shape += 'x';
    shape += std::to_string(d);
  }
  if (count != data.size())
    throw std::invalid_argument("HDF5 dataset '" + path + "': dimensions " + shape + " hold " +
                                std::to_string(count) + " values but " + std::to_string(data.size()) +
                                " were given");
  write_dataset(file_, path_, path, H5Types<T>::file(), H5Types<T>::memory(), sizeof(T), data.data(), dims,
                count);
}

void H5Writer::write_strings(const std::string& path, const std::vector<std::string>& values,
                             std::vector<std::uint64_t> dims) {
  check_object_path(path, "dataset");
  if (file_ < 0) throw std::logic_error("H5Writer: write_strings('" + path + "') after commit()");
  const std::string what = "dataset '" + path + "'";
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) {
    check_no_nul(v, what);
    pointers.push_back(v.c_str());
  }
  // Contiguous even when large: deflate would only see the heap references,
  // not the strings themselves.
  Id type = utf8_string_type(path_);
  const hsize_t n = values.size();
  if (dims.empty()) dims = {n};
  std::uint64_t count = 1;
  for (std::uint64_t d : dims) count *= d;
  if (count != n) throw std::invalid_argument("HDF5 dataset '" + path + "': dimensions do not match the strings given");
  const std::vector<hsize_t> shape(dims.begin(), dims.end());
  Id space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose);
  if (!space.ok()) fail(path_, "cannot make the dataspace of " + what);
  Id lcpl = link_properties(path_);
  Id dcpl = dataset_properties(path_, {});
  Id dataset(H5Dcreate2(file_, path.c_str(), type.get(), space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
             H5Dclose);
  if (!dataset.ok()) fail(path_, "cannot create " + what);
  if (n > 0 && H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)
    fail(path_, "cannot write " + what);
}

void H5Writer::commit() {
  if (in_memory_) throw std::logic_error("H5Writer: commit() of an in-memory file (use image())");
  if (file_ < 0) throw std::logic_error("H5Writer: commit() of '" + path_ + "' twice");
  // If anything below fails, committed_ stays false and the destructor
  // removes the partial file: the final path never holds a bad file.
  if (H5Fclose(std::exchange(file_, -1)) < 0) fail(path_, "cannot close '" + partial_ + "'");
  sync_to_disk(partial_, path_);
  std::error_code ec;
  fs::rename(partial_, path_, ec);
  if (ec) throw InputError("cannot write output '" + path_ + "': " + ec.message());
  committed_ = true;
}

#define KW_H5_WRITE(T) \
  template void H5Writer::write<T>(const std::string&, std::span<const T>, std::vector<std::uint64_t>);
KW_H5_WRITE(double)
KW_H5_WRITE(float)
KW_H5_WRITE(std::int8_t)
KW_H5_WRITE(std::uint8_t)
KW_H5_WRITE(std::int16_t)
KW_H5_WRITE(std::uint16_t)
KW_H5_WRITE(std::int32_t)
KW_H5_WRITE(std::uint32_t)
KW_H5_WRITE(std::int64_t)
KW_H5_WRITE(std::uint64_t)
#undef KW_H5_WRITE

// ---------------------------------------------------------------- H5Reader

namespace {

std::string file_name(hid_t file) {
  const ssize_t size = H5Fget_name(file, nullptr, 0);
  if (size <= 0) return "?";
  std::string name(static_cast<std::size_t>(size) + 1, '\0');
  H5Fget_name(file, name.data(), name.size());
  name.resize(static_cast<std::size_t>(size));
  return name;
}

// Problems with the content of a file being read are the user's (a wrong or
// truncated file given to a tool), so they are InputError.
[[noreturn]] void bad_input(hid_t file, const std::string& what) {
  throw InputError("cannot read '" + file_name(file) + "': " + what);
}

Id open_dataset(hid_t file, const std::string& path) {
  if (!object_exists(file, path)) bad_input(file, "no dataset '" + path + "'");
  Id dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.ok()) bad_input(file, "'" + path + "' is not a dataset");
  return dataset;
}

Id open_attribute(hid_t file, const std::string& object, const std::string& name) {
  if (!object_exists(file, object)) bad_input(file, "no object '" + object + "'");
  const htri_t exists = H5Aexists_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT);
  if (exists <= 0) bad_input(file, "'" + object + "' has no attribute '" + name + "'");
  Id attr(H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.ok()) fail(file_name(file), "cannot open attribute '" + name + "' of '" + object + "'");
  return attr;
}

// Reads a numeric attribute, converting to the memory type; one value only.
template <class T>
T read_number_attribute(hid_t file, const std::string& object, const std::string& name, hid_t memory_type) {
  const std::string what = "attribute '" + name + "' of '" + object + "'";
  Id attr = open_attribute(file, object, name);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  if (!type.ok() || !space.ok()) fail(file_name(file), "cannot inspect " + what);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) bad_input(file, what + " is not a number");
  if (H5Sget_simple_extent_npoints(space.get()) != 1) bad_input(file, what + " is not a single value");
  T value{};
  if (H5Aread(attr.get(), memory_type, &value) < 0) fail(file_name(file), "cannot read " + what);
  return value;
}

// Strings from a dataset or attribute of string type, variable or fixed
// length (h5py writes numpy bytes arrays as fixed-length strings).
template <class Read>
std::vector<std::string> read_string_values(hid_t file, const std::string& what, hid_t stored_type, hid_t space,
                                            Read read) {
  if (H5Tget_class(stored_type) != H5T_STRING) bad_input(file, what + " does not hold strings");
  const hssize_t points = H5Sget_simple_extent_npoints(space);
  if (points < 0) fail(file_name(file), "cannot inspect " + what);
  const auto n = static_cast<std::size_t>(points);
  std::vector<std::string> values;
  values.reserve(n);
  Id memory_type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!memory_type.ok() || H5Tset_cset(memory_type.get(), H5Tget_cset(stored_type)) < 0)
    fail(file_name(file), "cannot make the string type for " + what);
  if (n == 0) return values;

  const htri_t variable = H5Tis_variable_str(stored_type);
  if (variable < 0) fail(file_name(file), "cannot inspect " + what);
  if (variable > 0) {
    std::vector<char*> pointers(n, nullptr);
    if (H5Tset_size(memory_type.get(), H5T_VARIABLE) < 0 || read(memory_type.get(), pointers.data()) < 0)
      fail(file_name(file), "cannot read " + what);
    for (const char* p : pointers) values.emplace_back(p != nullptr ? p : "");
    // The library allocated every string; H5Treclaim is 1.12, this is 1.10.
    H5Dvlen_reclaim(memory_type.get(), space, H5P_DEFAULT, pointers.data());
    return values;
  }
  const std::size_t size = H5Tget_size(stored_type);
  const H5T_str_t pad = H5Tget_strpad(stored_type);
  std::vector<char> buffer(n * size);
  if (size == 0 || H5Tset_size(memory_type.get(), size) < 0 ||
      H5Tset_strpad(memory_type.get(), H5T_STR_NULLPAD) < 0 || read(memory_type.get(), buffer.data()) < 0)
    fail(file_name(file), "cannot read " + what);
  for (std::size_t i = 0; i < n; ++i) {
    std::string v(buffer.data() + i * size, size);
    v.resize(std::min(v.find('\0'), v.size()));
    if (pad == H5T_STR_SPACEPAD) v.resize(v.find_last_not_of(' ') + 1);
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace

H5Reader::H5Reader(const std::string& path) {
  silence_hdf5_errors();
  const std::string prefix = "cannot read '" + path + "': ";
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(prefix + "no such file");
  if (fs::is_directory(status)) throw InputError(prefix + "it is a directory");
  if (::access(path.c_str(), R_OK) != 0) throw InputError(prefix + errno_reason(errno));
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(prefix + "not an HDF5 file");
  Id fapl = file_access(path, false);
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (file_ < 0) throw InputError(prefix + hdf5_reason());
}

H5Reader::~H5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

bool H5Reader::exists(const std::string& path) const { return object_exists(file_, path); }

std::vector<std::uint64_t> H5Reader::dims(const std::string& path) const {
  Id dataset = open_dataset(file_, path);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = space.ok() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) fail(file_name(file_), "cannot inspect dataset '" + path + "'");
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr) < 0)
    fail(file_name(file_), "cannot inspect dataset '" + path + "'");
  return {shape.begin(), shape.end()};
}

template <class T>
std::vector<T> H5Reader::read(const std::string& path) const {
  const std::string what = "dataset '" + path + "'";
  Id dataset = open_dataset(file_, path);
  Id type(H5Dget_type(dataset.get()), H5Tclose);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  if (!type.ok() || !space.ok()) fail(file_name(file_), "cannot inspect " + what);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) bad_input(file_, what + " is not numeric");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) fail(file_name(file_), "cannot inspect " + what);
  std::vector<T> values(static_cast<std::size_t>(n));
  // HDF5 converts from the stored type to T (e.g. int32 stored, double read).
  if (n > 0 && H5Dread(dataset.get(), H5Types<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(file_name(file_), "cannot read " + what);
  return values;
}

std::vector<std::string> H5Reader::read_strings(const std::string& path) const {
  const std::string what = "dataset '" + path + "'";
  Id dataset = open_dataset(file_, path);
  Id type(H5Dget_type(dataset.get()), H5Tclose);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  if (!type.ok() || !space.ok()) fail(file_name(file_), "cannot inspect " + what);
  return read_string_values(file_, what, type.get(), space.get(), [&](hid_t memory_type, void* buffer) {
    return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

std::string H5Reader::attribute_string(const std::string& object, const std::string& name) const {
  const std::string what = "attribute '" + name + "' of '" + object + "'";
  Id attr = open_attribute(file_, object, name);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  if (!type.ok() || !space.ok()) fail(file_name(file_), "cannot inspect " + what);
  std::vector<std::string> values =
      read_string_values(file_, what, type.get(), space.get(),
                         [&](hid_t memory_type, void* buffer) { return H5Aread(attr.get(), memory_type, buffer); });
  if (values.size() != 1) bad_input(file_, what + " is not a single string");
  return values.front();
}

double H5Reader::attribute_double(const std::string& object, const std::string& name) const {
  return read_number_attribute<double>(file_, object, name, H5T_NATIVE_DOUBLE);
}

std::int64_t H5Reader::attribute_int(const std::string& object, const std::string& name) const {
  return read_number_attribute<std::int64_t>(file_, object, name, H5T_NATIVE_INT64);
}

std::vector<std::string> H5Reader::list(const std::string& group) const {
  if (!is_group(file_, group)) bad_input(file_, "no group '" + group + "'");
  Id g(H5Gopen2(file_, group.empty() ? "/" : group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.ok()) fail(file_name(file_), "cannot open group '" + group + "'");
  std::vector<std::string> names;
  hsize_t index = 0;
  const herr_t status = H5Literate(
      g.get(), H5_INDEX_NAME, H5_ITER_INC, &index,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  if (status < 0) fail(file_name(file_), "cannot list group '" + group + "'");
  // The name index is already in strcmp order; sorting keeps the promise
  // independent of how the file indexes its links.
  std::sort(names.begin(), names.end());
  return names;
}

#define KW_H5_READ(T) template std::vector<T> H5Reader::read<T>(const std::string&) const;
KW_H5_READ(double)
KW_H5_READ(float)
KW_H5_READ(std::int8_t)
KW_H5_READ(std::uint8_t)
KW_H5_READ(std::int16_t)
KW_H5_READ(std::uint16_t)
KW_H5_READ(std::int32_t)
KW_H5_READ(std::uint32_t)
KW_H5_READ(std::int64_t)
KW_H5_READ(std::uint64_t)
#undef KW_H5_READ

}  // namespace kw::engine
