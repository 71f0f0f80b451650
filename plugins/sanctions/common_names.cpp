#include "common_names.hpp"

namespace candor::plugins::sanctions {

const std::vector<std::string>& common_given_names() {
  static const std::vector<std::string> names = {
      "James",   "Mary",      "Robert",    "Patricia", "John",      "Jennifer", "Michael",
      "Linda",   "David",     "Elizabeth", "William",  "Barbara",   "Richard",  "Susan",
      "Joseph",  "Jessica",   "Thomas",    "Sarah",    "Charles",   "Karen",    "Christopher",
      "Lisa",    "Daniel",    "Nancy",     "Matthew",  "Betty",     "Anthony",  "Margaret",
      "Mark",    "Sandra",    "Donald",    "Ashley",   "Steven",    "Kimberly", "Paul",
      "Emily",   "Andrew",    "Donna",     "Joshua",   "Michelle",  "Kenneth",  "Carol",
      "Kevin",   "Amanda",    "Brian",     "Dorothy",  "George",    "Melissa",  "Timothy",
      "Deborah", "Ronald",    "Stephanie", "Edward",   "Rebecca",   "Jason",    "Sharon",
      "Jeffrey", "Laura",     "Ryan",      "Cynthia",  "Jacob",     "Kathleen", "Gary",
      "Amy",     "Nicholas",  "Angela",    "Eric",     "Shirley",   "Jonathan", "Anna",
      "Stephen", "Brenda",    "Larry",     "Pamela",   "Justin",    "Emma",     "Scott",
      "Nicole",  "Brandon",   "Helen",     "Benjamin", "Samantha",  "Samuel",   "Katherine",
      "Gregory", "Christine", "Alexander", "Debra",    "Frank",     "Rachel",   "Patrick",
      "Carolyn", "Raymond",   "Janet",     "Jack",     "Catherine", "Dennis",   "Maria",
      "Jerry",   "Heather"};
  return names;
}

const std::vector<std::string>& common_surnames() {
  static const std::vector<std::string> names = {
      "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",    "Garcia",   "Miller",
      "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",    "Gonzalez", "Wilson",
      "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",  "Martin",   "Lee",
      "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",  "Clark",    "Ramirez",
      "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",    "King",     "Wright",
      "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",   "Green",    "Adams",
      "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell", "Mitchell", "Carter",
      "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",   "Diaz",     "Parker",
      "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",  "Morris",   "Morales",
      "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",    "Morgan",   "Cooper",
      "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",   "Ramos",    "Kim",
      "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",   "Chavez",   "Wood",
      "James",    "Bennett",   "Gray",       "Mendoza",   "Ruiz",     "Hughes",   "Price",
      "Alvarez",  "Castillo",  "Sanders",    "Patel",     "Myers",    "Long",     "Ross",
      "Foster",   "Jimenez"};
  return names;
}

std::vector<std::string> common_full_names() {
  std::vector<std::string> out;
  for (const auto& g : common_given_names())
    for (const auto& s : common_surnames()) out.push_back(g + " " + s);
  return out;
}

}  // namespace candor::plugins::sanctions
