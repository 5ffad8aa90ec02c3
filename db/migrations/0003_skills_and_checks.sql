-- Guards the application also checks, kept by the database too.
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_capacity_check" CHECK ("capacity" >= 1 AND "capacity" <= 100000);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_age_check" CHECK ("min_age" IS NULL OR "max_age" IS NULL OR "min_age" <= "max_age");
--> statement-breakpoint
ALTER TABLE "job_details" ADD CONSTRAINT "job_details_wage_check" CHECK (("wage_min" IS NULL OR "wage_min" >= 0) AND ("wage_max" IS NULL OR "wage_max" >= 0) AND ("wage_min" IS NULL OR "wage_max" IS NULL OR "wage_min" <= "wage_max"));
--> statement-breakpoint
ALTER TABLE "course_details" ADD CONSTRAINT "course_details_money_check" CHECK ("cost_vnd" >= 0 AND "subsidy_vnd" >= 0 AND "duration_weeks" >= 1);
--> statement-breakpoint
ALTER TABLE "loan_details" ADD CONSTRAINT "loan_details_amount_check" CHECK ("amount_min" >= 0 AND "amount_min" <= "amount_max" AND "interest_rate" >= 0 AND "term_months" >= 1 AND "grace_period_months" >= 0);
--> statement-breakpoint
-- The initial vocabulary of skills and trades (coordinators curate it from here on).
INSERT INTO "skills" ("code", "name_vi", "name_en", "group_code", "search_text") VALUES
('welding', 'Hàn', 'Welding', 'mechanics', 'han welding'),
('metalwork', 'Gia công cơ khí', 'Metalwork and machining', 'mechanics', 'gia cong co khi metalwork and machining'),
('motorbike_repair', 'Sửa chữa xe máy', 'Motorbike repair', 'mechanics', 'sua chua xe may motorbike repair'),
('car_repair', 'Sửa chữa ô tô', 'Car repair', 'mechanics', 'sua chua o to car repair'),
('phone_repair', 'Sửa chữa điện thoại', 'Phone repair', 'electrical', 'sua chua dien thoai phone repair'),
('domestic_electrical', 'Điện dân dụng', 'Domestic electrical work', 'electrical', 'dien dan dung domestic electrical work'),
('industrial_electrical', 'Điện công nghiệp', 'Industrial electrical work', 'electrical', 'dien cong nghiep industrial electrical work'),
('refrigeration', 'Điện lạnh, sửa điều hòa', 'Refrigeration and air-conditioning repair', 'electrical', 'dien lanh, sua dieu hoa refrigeration and air-conditioning repair'),
('plumbing', 'Cấp thoát nước', 'Plumbing', 'construction', 'cap thoat nuoc plumbing'),
('masonry', 'Nề, xây trát', 'Masonry and plastering', 'construction', 'ne, xay trat masonry and plastering'),
('carpentry', 'Mộc', 'Carpentry', 'construction', 'moc carpentry'),
('painting', 'Sơn bả', 'Painting and decorating', 'construction', 'son ba painting and decorating'),
('tiling', 'Ốp lát gạch', 'Tiling', 'construction', 'op lat gach tiling'),
('steel_fixing', 'Cốt thép', 'Steel fixing', 'construction', 'cot thep steel fixing'),
('scaffolding', 'Giàn giáo', 'Scaffolding', 'construction', 'gian giao scaffolding'),
('cooking', 'Nấu ăn', 'Cooking', 'hospitality', 'nau an cooking'),
('baking', 'Làm bánh', 'Baking', 'hospitality', 'lam banh baking'),
('bartending', 'Pha chế đồ uống', 'Bartending and barista', 'hospitality', 'pha che do uong bartending and barista'),
('restaurant_service', 'Phục vụ nhà hàng', 'Restaurant service', 'hospitality', 'phuc vu nha hang restaurant service'),
('housekeeping', 'Buồng phòng khách sạn', 'Hotel housekeeping', 'hospitality', 'buong phong khach san hotel housekeeping'),
('dishwashing', 'Rửa bát, phụ bếp', 'Kitchen assistant', 'hospitality', 'rua bat, phu bep kitchen assistant'),
('industrial_sewing', 'May công nghiệp', 'Industrial sewing', 'garment', 'may cong nghiep industrial sewing'),
('tailoring', 'Cắt may', 'Tailoring', 'garment', 'cat may tailoring'),
('embroidery', 'Thêu', 'Embroidery', 'garment', 'theu embroidery'),
('leather_goods', 'Da giày', 'Leather goods and footwear', 'garment', 'da giay leather goods and footwear'),
('crop_farming', 'Trồng trọt', 'Crop farming', 'agriculture', 'trong trot crop farming'),
('mushroom_growing', 'Trồng nấm', 'Mushroom growing', 'agriculture', 'trong nam mushroom growing'),
('livestock', 'Chăn nuôi', 'Livestock farming', 'agriculture', 'chan nuoi livestock farming'),
('aquaculture', 'Nuôi trồng thủy sản', 'Aquaculture', 'agriculture', 'nuoi trong thuy san aquaculture'),
('bonsai_gardening', 'Trồng hoa, cây cảnh', 'Flowers and ornamental plants', 'agriculture', 'trong hoa, cay canh flowers and ornamental plants'),
('food_processing', 'Chế biến thực phẩm', 'Food processing', 'manufacturing', 'che bien thuc pham food processing'),
('assembly_line', 'Lắp ráp dây chuyền', 'Assembly line work', 'manufacturing', 'lap rap day chuyen assembly line work'),
('packaging', 'Đóng gói', 'Packing', 'manufacturing', 'dong goi packing'),
('quality_check', 'Kiểm hàng', 'Quality checking', 'manufacturing', 'kiem hang quality checking'),
('ceramics', 'Gốm sứ', 'Ceramics', 'crafts', 'gom su ceramics'),
('rattan_bamboo', 'Mây tre đan', 'Rattan and bamboo weaving', 'crafts', 'may tre dan rattan and bamboo weaving'),
('lacquerware', 'Sơn mài', 'Lacquerware', 'crafts', 'son mai lacquerware'),
('woodcarving', 'Chạm khắc gỗ', 'Woodcarving', 'crafts', 'cham khac go woodcarving'),
('hairdressing', 'Cắt tóc, làm tóc', 'Hairdressing', 'personal_services', 'cat toc, lam toc hairdressing'),
('nail_care', 'Làm móng', 'Nail care', 'personal_services', 'lam mong nail care'),
('massage', 'Xoa bóp, bấm huyệt', 'Massage and acupressure', 'personal_services', 'xoa bop, bam huyet massage and acupressure'),
('elderly_care', 'Chăm sóc người cao tuổi', 'Elderly care', 'personal_services', 'cham soc nguoi cao tuoi elderly care'),
('cleaning', 'Vệ sinh công nghiệp', 'Commercial cleaning', 'services', 've sinh cong nghiep commercial cleaning'),
('security_guard', 'Bảo vệ', 'Security guard', 'services', 'bao ve security guard'),
('laundry', 'Giặt là', 'Laundry', 'services', 'giat la laundry'),
('driving_b2', 'Lái xe hạng B', 'Driving (category B licence)', 'transport', 'lai xe hang b driving (category b licence)'),
('driving_c', 'Lái xe tải hạng C', 'Truck driving (category C licence)', 'transport', 'lai xe tai hang c truck driving (category c licence)'),
('delivery', 'Giao hàng', 'Delivery', 'transport', 'giao hang delivery'),
('forklift', 'Lái xe nâng', 'Forklift operation', 'transport', 'lai xe nang forklift operation'),
('warehouse', 'Kho vận, bốc xếp', 'Warehouse and loading', 'transport', 'kho van, boc xep warehouse and loading'),
('sales', 'Bán hàng', 'Sales', 'retail', 'ban hang sales'),
('online_selling', 'Bán hàng trực tuyến', 'Online selling', 'retail', 'ban hang truc tuyen online selling'),
('cashier', 'Thu ngân', 'Cashier', 'retail', 'thu ngan cashier'),
('small_business', 'Quản lý kinh doanh nhỏ', 'Running a small business', 'business', 'quan ly kinh doanh nho running a small business'),
('bookkeeping', 'Ghi chép sổ sách', 'Bookkeeping', 'business', 'ghi chep so sach bookkeeping'),
('office_computing', 'Tin học văn phòng', 'Office computing', 'office', 'tin hoc van phong office computing'),
('graphic_design', 'Thiết kế đồ họa', 'Graphic design', 'office', 'thiet ke do hoa graphic design'),
('english_basic', 'Tiếng Anh giao tiếp', 'Basic English', 'office', 'tieng anh giao tiep basic english'),
('photography', 'Chụp ảnh', 'Photography', 'office', 'chup anh photography')
ON CONFLICT ("code") DO NOTHING;
